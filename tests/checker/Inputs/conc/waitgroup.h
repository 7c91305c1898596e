// Mock of conc/waitgroup.h (branch prims) for checker scenarios.
#pragma once
#include <chrono>
#include <cstdint>

namespace conc {

class WaitGroup {
public:
  WaitGroup() = default;
  WaitGroup(const WaitGroup &) = delete;
  WaitGroup &operator=(const WaitGroup &) = delete;
  void add(std::int64_t delta = 1);
  void done() { add(-1); }
  void wait();
  template <class Rep, class Period>
  bool wait_for(std::chrono::duration<Rep, Period> timeout) {
    return (void)timeout, true;
  }
  template <class C, class D>
  bool wait_until(std::chrono::time_point<C, D> deadline) {
    return (void)deadline, true;
  }
  std::int64_t count() const noexcept;
};

} // namespace conc
