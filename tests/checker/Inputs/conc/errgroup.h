// Mock of conc/errgroup.h for checker scenarios.
#pragma once
#include <functional>

namespace conc {

class ErrGroup {
public:
  ErrGroup();
  template <typename F> void go(F &&task) { (void)task; }
  void set_limit(int limit);
  bool wait();
};

} // namespace conc
