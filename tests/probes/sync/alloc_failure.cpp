// The per-thread allocation failure switch of alloc_failure.h.
//
// Plain builds replace the global operator new of the test executable (and
// so of libconc, which allocates through it): while armed, allocations on
// the arming thread are counted and the chosen one throws. The sanitizers
// define operator new themselves (a second definition does not link), so
// the sanitizer variants count and fail libconc's kAllocating test hook
// instead, which libconc reaches right before each allocation that must
// survive std::bad_alloc: the same paths, the same exception.
#include "alloc_failure.h"

#include <cstdlib>
#include <new>

#include "conc/internal/test_hooks.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define CONC_TEST_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CONC_TEST_SANITIZED 1
#endif

namespace {
constinit thread_local int tls_countdown = -1;  // -1: disarmed
constinit thread_local bool tls_every_later = false;
constinit thread_local int tls_attempts = 0;

// Counts an allocation of an armed thread; throws when it is the chosen one.
void CountAndMaybeFail() {
  if (tls_countdown < 0) return;
  ++tls_attempts;
  if (tls_countdown == 0) {
    if (!tls_every_later) tls_countdown = -1;
    throw std::bad_alloc();
  }
  --tls_countdown;
}
}  // namespace

#ifndef CONC_TEST_SANITIZED
namespace {
void* Allocate(std::size_t size) {
  CountAndMaybeFail();
  void* memory = std::malloc(size == 0 ? 1 : size);
  if (memory == nullptr) throw std::bad_alloc();
  return memory;
}
}  // namespace

void* operator new(std::size_t size) { return Allocate(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return Allocate(size);
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }
void operator delete(void* memory, const std::nothrow_t&) noexcept { std::free(memory); }
#else
namespace {
void FailAtAllocationPoints(conc::internal::test_hooks::Point point, const void*, const char*) {
  if (point == conc::internal::test_hooks::Point::kAllocating) CountAndMaybeFail();
}
conc::internal::test_hooks::Hook previous_hook = nullptr;
}  // namespace
#endif

namespace conc_test {

FailAllocation::FailAllocation(int succeeding, bool and_every_later) {
  tls_attempts = 0;
  tls_every_later = and_every_later;
  tls_countdown = succeeding;
#ifdef CONC_TEST_SANITIZED
  previous_hook = conc::internal::test_hooks::hook.exchange(&FailAtAllocationPoints);
#endif
}
FailAllocation::~FailAllocation() {
  tls_countdown = -1;
#ifdef CONC_TEST_SANITIZED
  conc::internal::test_hooks::hook.store(previous_hook);
#endif
}
int FailAllocation::attempts() const { return tls_attempts; }

}  // namespace conc_test
