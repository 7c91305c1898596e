// Mock of conc/waitgroup.h for checker scenarios.
#pragma once
#include <chrono>

namespace conc {

class WaitGroup {
public:
  WaitGroup();
  WaitGroup(const WaitGroup &) = delete;
  WaitGroup &operator=(const WaitGroup &) = delete;
  void add(int delta = 1);
  void done();
  void wait();
  template <typename Rep, typename Period>
  bool wait_for(std::chrono::duration<Rep, Period> timeout) { (void)timeout; return false; }
};

} // namespace conc
