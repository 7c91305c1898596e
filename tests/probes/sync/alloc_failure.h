// Test support: make an allocation fail on purpose. While a FailAllocation
// is alive, libconc's allocations on *its* thread are counted, and the
// chosen one throws std::bad_alloc (how, per build: alloc_failure.cpp).
// Other threads are not affected. Not used together with a Hooks (hooks.h)
// in the sanitizer variants, where it takes the same hook.
#pragma once

namespace conc_test {

class FailAllocation {
 public:
  // The allocation after `succeeding` successful ones throws; with
  // `and_every_later`, every allocation after it throws too.
  explicit FailAllocation(int succeeding, bool and_every_later = false);
  ~FailAllocation();
  FailAllocation(const FailAllocation&) = delete;
  FailAllocation& operator=(const FailAllocation&) = delete;

  // Allocations attempted on this thread since construction.
  int attempts() const;
};

}  // namespace conc_test
