// Mock of conc/errgroup.h (branch prims) for checker scenarios.
#pragma once
#include "context.h"
#include <exception>

namespace conc {

class ErrGroup {
public:
  ErrGroup();
  explicit ErrGroup(const Context &parent);
  ErrGroup(const ErrGroup &) = delete;
  ErrGroup &operator=(const ErrGroup &) = delete;
  const Context &context() const noexcept;
  void set_limit(int n);
  template <class F> void go(F &&task) { (void)task; }
  template <class F> bool try_go(F &&task) { return (void)task, true; }
  std::exception_ptr wait();
};

} // namespace conc
