// The replaceable global allocation functions of the test executables, with
// a per-thread failure switch (alloc_failure.h). They allocate with malloc
// and free with free, also under the sanitizers (which then see a matching
// pair); array and aligned forms keep their default (or sanitizer) versions,
// which libconc does not use.
#include "alloc_failure.h"

#include <cstdlib>
#include <new>

namespace {
constinit thread_local int tls_countdown = -1;  // -1: disarmed
constinit thread_local bool tls_every_later = false;
constinit thread_local int tls_attempts = 0;

void* Allocate(std::size_t size) {
  if (tls_countdown >= 0) {
    ++tls_attempts;
    if (tls_countdown == 0) {
      if (!tls_every_later) tls_countdown = -1;
      throw std::bad_alloc();
    }
    --tls_countdown;
  }
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

namespace conc_test {

FailAllocation::FailAllocation(int succeeding, bool and_every_later) {
  tls_attempts = 0;
  tls_every_later = and_every_later;
  tls_countdown = succeeding;
}
FailAllocation::~FailAllocation() { tls_countdown = -1; }
int FailAllocation::attempts() const { return tls_attempts; }

}  // namespace conc_test
