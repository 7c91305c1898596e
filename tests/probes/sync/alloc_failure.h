// Test support: make an allocation fail on purpose. alloc_failure.cpp
// replaces the global operator new of the test executable (and so of
// libconc, which allocates through it); while a FailAllocation is alive,
// allocations on *its* thread are counted, and the chosen one throws
// std::bad_alloc. Other threads are not affected.
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
