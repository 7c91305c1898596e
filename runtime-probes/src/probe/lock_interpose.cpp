// The interposed lock calls: pthread mutex, rwlock and spin lock, C11 mtx_t,
// and the calls that end a lock's memory (free, munmap).
//
// Like pthread_create in interpose.cpp, these definitions win over the C
// library's for every caller that goes through the dynamic linker: the
// program, libstdc++ and libc++ (std::mutex, std::recursive_mutex,
// std::timed_mutex, std::shared_mutex are these calls, inlined from their
// headers into the caller), other libraries. Calls inside the C library
// itself (pthread_cond_wait re-locking its mutex) do not come here, which is
// what we want: the mutex stays held as far as the tracker is concerned.
//
// With CONC_PROBE_LOCKS unset every function is one flag test and a jump to
// the real one. The real one is the C library's, found with
// dlsym(RTLD_NEXT); when the static probe is linked into a sanitized
// program, the sanitizer's interceptor (see RealCreate in interpose.cpp).
#include <dlfcn.h>
#include <malloc.h>
#include <pthread.h>
#include <sys/mman.h>
#include <threads.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "lock_tracker.h"

extern "C" void __libc_free(void*);  // glibc: free without going through the PLT

namespace {

namespace locks = conc::probe::detail::locks;
using locks::Kind;
using locks::Wait;

void ThisObject() {}

void* NextSymbol(const char* name) noexcept {
  char interceptor_name[96];
  std::snprintf(interceptor_name, sizeof interceptor_name, "__interceptor_%s", name);
  void* interceptor = dlsym(RTLD_DEFAULT, interceptor_name);
  if (interceptor != nullptr) {
    void* first = dlsym(RTLD_DEFAULT, name);
    Dl_info first_info{}, own_info{};
    if (first != nullptr && dladdr(first, &first_info) != 0 &&
        dladdr(reinterpret_cast<void*>(&ThisObject), &own_info) != 0 &&
        first_info.dli_fbase == own_info.dli_fbase) {
      return interceptor;
    }
  }
  return dlsym(RTLD_NEXT, name);
}

template <class F>
F Lookup(std::atomic<void*>& slot, const char* name) noexcept {
  void* f = slot.load(std::memory_order_acquire);
  if (f == nullptr) {
    f = NextSymbol(name);
    if (f == nullptr) {
      static const char kMissing[] = "conc-probe: cannot find the C library's lock functions\n";
      (void)!write(2, kMissing, sizeof kMissing - 1);
      std::abort();
    }
    slot.store(f, std::memory_order_release);
  }
  return reinterpret_cast<F>(f);
}

#define CONC_REAL_SLOT(name) std::atomic<void*> g_real_##name{nullptr};
#define CONC_REAL(name) Lookup<decltype(&::name)>(g_real_##name, #name)

CONC_REAL_SLOT(pthread_mutex_init)
CONC_REAL_SLOT(pthread_mutex_destroy)
CONC_REAL_SLOT(pthread_mutex_lock)
CONC_REAL_SLOT(pthread_mutex_trylock)
CONC_REAL_SLOT(pthread_mutex_timedlock)
CONC_REAL_SLOT(pthread_mutex_clocklock)
CONC_REAL_SLOT(pthread_mutex_unlock)
CONC_REAL_SLOT(pthread_rwlock_init)
CONC_REAL_SLOT(pthread_rwlock_destroy)
CONC_REAL_SLOT(pthread_rwlock_rdlock)
CONC_REAL_SLOT(pthread_rwlock_tryrdlock)
CONC_REAL_SLOT(pthread_rwlock_timedrdlock)
CONC_REAL_SLOT(pthread_rwlock_clockrdlock)
CONC_REAL_SLOT(pthread_rwlock_wrlock)
CONC_REAL_SLOT(pthread_rwlock_trywrlock)
CONC_REAL_SLOT(pthread_rwlock_timedwrlock)
CONC_REAL_SLOT(pthread_rwlock_clockwrlock)
CONC_REAL_SLOT(pthread_rwlock_unlock)
CONC_REAL_SLOT(pthread_spin_init)
CONC_REAL_SLOT(pthread_spin_destroy)
CONC_REAL_SLOT(pthread_spin_lock)
CONC_REAL_SLOT(pthread_spin_trylock)
CONC_REAL_SLOT(pthread_spin_unlock)
CONC_REAL_SLOT(mtx_init)
CONC_REAL_SLOT(mtx_destroy)
CONC_REAL_SLOT(mtx_lock)
CONC_REAL_SLOT(mtx_trylock)
CONC_REAL_SLOT(mtx_timedlock)
CONC_REAL_SLOT(mtx_unlock)
CONC_REAL_SLOT(munmap)

// free must never look itself up: dlsym frees its previous error string
// through free, so a lookup from inside free frees that string twice. The
// real free is found at load; until then, the sanitizer's (when the static
// probe is linked into a sanitized program, whose allocator owns the
// memory) or the C library's own entry point.
std::atomic<void*> g_real_free{nullptr};
extern "C" void __interceptor_free(void*) __attribute__((weak));

using FreeFn = void (*)(void*);
FreeFn RealFree() noexcept {
  void* f = g_real_free.load(std::memory_order_acquire);
  if (f != nullptr) return reinterpret_cast<FreeFn>(f);
  if (&__interceptor_free != nullptr) return &__interceptor_free;
  return &__libc_free;
}

// Under AddressSanitizer or ThreadSanitizer the program's free is the
// sanitizer's, which never calls ours: their allocator hooks say when memory
// is freed instead (called while the block is still allocated).
using SizeFn = std::size_t (*)(const volatile void*);
SizeFn g_sanitizer_allocated_size = nullptr;

void OnSanitizerMalloc(const volatile void*, std::size_t) {}

void OnSanitizerFree(const volatile void* p) {
  if (p == nullptr || g_sanitizer_allocated_size == nullptr || !locks::Active()) return;
  locks::OnRelease(const_cast<const void*>(p), g_sanitizer_allocated_size(p));
}

[[gnu::constructor(101)]] void ResolveRealFunctions() {
  if (void* f = NextSymbol("free")) g_real_free.store(f, std::memory_order_release);
  using InstallHooks = int (*)(void (*)(const volatile void*, std::size_t),
                               void (*)(const volatile void*));
  auto install = reinterpret_cast<InstallHooks>(
      dlsym(RTLD_DEFAULT, "__sanitizer_install_malloc_and_free_hooks"));
  g_sanitizer_allocated_size =
      reinterpret_cast<SizeFn>(dlsym(RTLD_DEFAULT, "__sanitizer_get_allocated_size"));
  if (install != nullptr && g_sanitizer_allocated_size != nullptr) {
    install(OnSanitizerMalloc, OnSanitizerFree);
  }
}

// The acquisition site: the interposed call's return address and canonical
// frame address. __builtin_frame_address(0) gives this function a frame
// pointer, so the CFA is the frame address plus the saved frame pointer and
// the return address.
#define CONC_SITE                   \
  __builtin_return_address(0),      \
      reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0)) + 2 * sizeof(void*)

// pthread_spinlock_t is a volatile int: its address, as the tracker's key.
const void* SpinAddress(pthread_spinlock_t* l) {
  return const_cast<const void*>(static_cast<const volatile void*>(l));
}

template <class Call>
inline int Tracked(const void* lock, Kind kind, bool write, Wait wait, void* pc,
                   std::uintptr_t cfa, Call call) {
  locks::Acquisition acquisition = locks::BeforeLock(lock, kind, write, wait, pc, cfa);
  int rc = call();
  locks::AfterLock(acquisition, rc == 0);  // 0 is also thrd_success
  return rc;
}

}  // namespace

#define CONC_EXPORT extern "C" __attribute__((visibility("default")))

// ---- pthread_mutex_t ----

CONC_EXPORT int pthread_mutex_init(pthread_mutex_t* m, const pthread_mutexattr_t* attr) {
  auto real = CONC_REAL(pthread_mutex_init);
  if (locks::Active()) locks::OnInit(m);
  return real(m, attr);
}

CONC_EXPORT int pthread_mutex_destroy(pthread_mutex_t* m) {
  auto real = CONC_REAL(pthread_mutex_destroy);
  if (locks::Active()) locks::OnDestroy(m, Kind::kMutex, CONC_SITE);
  return real(m);
}

CONC_EXPORT int pthread_mutex_lock(pthread_mutex_t* m) {
  auto real = CONC_REAL(pthread_mutex_lock);
  if (!locks::Active()) return real(m);
  return Tracked(m, Kind::kMutex, true, Wait::kWait, CONC_SITE, [&] { return real(m); });
}

CONC_EXPORT int pthread_mutex_trylock(pthread_mutex_t* m) {
  auto real = CONC_REAL(pthread_mutex_trylock);
  if (!locks::Active()) return real(m);
  return Tracked(m, Kind::kMutex, true, Wait::kTry, CONC_SITE, [&] { return real(m); });
}

CONC_EXPORT int pthread_mutex_timedlock(pthread_mutex_t* m, const struct timespec* at) {
  auto real = CONC_REAL(pthread_mutex_timedlock);
  if (!locks::Active()) return real(m, at);
  return Tracked(m, Kind::kMutex, true, Wait::kWait, CONC_SITE, [&] { return real(m, at); });
}

CONC_EXPORT int pthread_mutex_clocklock(pthread_mutex_t* m, clockid_t clock,
                                        const struct timespec* at) {
  auto real = CONC_REAL(pthread_mutex_clocklock);
  if (!locks::Active()) return real(m, clock, at);
  return Tracked(m, Kind::kMutex, true, Wait::kWait, CONC_SITE,
                 [&] { return real(m, clock, at); });
}

CONC_EXPORT int pthread_mutex_unlock(pthread_mutex_t* m) {
  auto real = CONC_REAL(pthread_mutex_unlock);
  // The bookkeeping after the real unlock: not inside the critical section.
  int rc = real(m);
  if (locks::Active()) locks::OnUnlock(m, Kind::kMutex, CONC_SITE);
  return rc;
}

// ---- pthread_rwlock_t ----

CONC_EXPORT int pthread_rwlock_init(pthread_rwlock_t* l, const pthread_rwlockattr_t* attr) {
  auto real = CONC_REAL(pthread_rwlock_init);
  if (locks::Active()) locks::OnInit(l);
  return real(l, attr);
}

CONC_EXPORT int pthread_rwlock_destroy(pthread_rwlock_t* l) {
  auto real = CONC_REAL(pthread_rwlock_destroy);
  if (locks::Active()) locks::OnDestroy(l, Kind::kRwlock, CONC_SITE);
  return real(l);
}

CONC_EXPORT int pthread_rwlock_rdlock(pthread_rwlock_t* l) {
  auto real = CONC_REAL(pthread_rwlock_rdlock);
  if (!locks::Active()) return real(l);
  return Tracked(l, Kind::kRwlock, false, Wait::kWait, CONC_SITE, [&] { return real(l); });
}

CONC_EXPORT int pthread_rwlock_tryrdlock(pthread_rwlock_t* l) {
  auto real = CONC_REAL(pthread_rwlock_tryrdlock);
  if (!locks::Active()) return real(l);
  return Tracked(l, Kind::kRwlock, false, Wait::kTry, CONC_SITE, [&] { return real(l); });
}

CONC_EXPORT int pthread_rwlock_timedrdlock(pthread_rwlock_t* l, const struct timespec* at) {
  auto real = CONC_REAL(pthread_rwlock_timedrdlock);
  if (!locks::Active()) return real(l, at);
  return Tracked(l, Kind::kRwlock, false, Wait::kWait, CONC_SITE, [&] { return real(l, at); });
}

CONC_EXPORT int pthread_rwlock_clockrdlock(pthread_rwlock_t* l, clockid_t clock,
                                           const struct timespec* at) {
  auto real = CONC_REAL(pthread_rwlock_clockrdlock);
  if (!locks::Active()) return real(l, clock, at);
  return Tracked(l, Kind::kRwlock, false, Wait::kWait, CONC_SITE,
                 [&] { return real(l, clock, at); });
}

CONC_EXPORT int pthread_rwlock_wrlock(pthread_rwlock_t* l) {
  auto real = CONC_REAL(pthread_rwlock_wrlock);
  if (!locks::Active()) return real(l);
  return Tracked(l, Kind::kRwlock, true, Wait::kWait, CONC_SITE, [&] { return real(l); });
}

CONC_EXPORT int pthread_rwlock_trywrlock(pthread_rwlock_t* l) {
  auto real = CONC_REAL(pthread_rwlock_trywrlock);
  if (!locks::Active()) return real(l);
  return Tracked(l, Kind::kRwlock, true, Wait::kTry, CONC_SITE, [&] { return real(l); });
}

CONC_EXPORT int pthread_rwlock_timedwrlock(pthread_rwlock_t* l, const struct timespec* at) {
  auto real = CONC_REAL(pthread_rwlock_timedwrlock);
  if (!locks::Active()) return real(l, at);
  return Tracked(l, Kind::kRwlock, true, Wait::kWait, CONC_SITE, [&] { return real(l, at); });
}

CONC_EXPORT int pthread_rwlock_clockwrlock(pthread_rwlock_t* l, clockid_t clock,
                                           const struct timespec* at) {
  auto real = CONC_REAL(pthread_rwlock_clockwrlock);
  if (!locks::Active()) return real(l, clock, at);
  return Tracked(l, Kind::kRwlock, true, Wait::kWait, CONC_SITE,
                 [&] { return real(l, clock, at); });
}

CONC_EXPORT int pthread_rwlock_unlock(pthread_rwlock_t* l) {
  auto real = CONC_REAL(pthread_rwlock_unlock);
  // The bookkeeping after the real unlock: not inside the critical section.
  int rc = real(l);
  if (locks::Active()) locks::OnUnlock(l, Kind::kRwlock, CONC_SITE);
  return rc;
}

// ---- pthread_spinlock_t ----

CONC_EXPORT int pthread_spin_init(pthread_spinlock_t* l, int shared) {
  auto real = CONC_REAL(pthread_spin_init);
  if (locks::Active()) locks::OnInit(SpinAddress(l));
  return real(l, shared);
}

CONC_EXPORT int pthread_spin_destroy(pthread_spinlock_t* l) {
  auto real = CONC_REAL(pthread_spin_destroy);
  if (locks::Active()) locks::OnDestroy(SpinAddress(l), Kind::kSpin, CONC_SITE);
  return real(l);
}

CONC_EXPORT int pthread_spin_lock(pthread_spinlock_t* l) {
  auto real = CONC_REAL(pthread_spin_lock);
  if (!locks::Active()) return real(l);
  return Tracked(SpinAddress(l), Kind::kSpin, true, Wait::kWait, CONC_SITE,
                 [&] { return real(l); });
}

CONC_EXPORT int pthread_spin_trylock(pthread_spinlock_t* l) {
  auto real = CONC_REAL(pthread_spin_trylock);
  if (!locks::Active()) return real(l);
  return Tracked(SpinAddress(l), Kind::kSpin, true, Wait::kTry, CONC_SITE,
                 [&] { return real(l); });
}

CONC_EXPORT int pthread_spin_unlock(pthread_spinlock_t* l) {
  auto real = CONC_REAL(pthread_spin_unlock);
  // The bookkeeping after the real unlock: not inside the critical section.
  int rc = real(l);
  if (locks::Active()) locks::OnUnlock(SpinAddress(l), Kind::kSpin, CONC_SITE);
  return rc;
}

// ---- C11 mtx_t ----

CONC_EXPORT int mtx_init(mtx_t* m, int type) {
  auto real = CONC_REAL(mtx_init);
  if (locks::Active()) locks::OnInit(m);
  return real(m, type);
}

CONC_EXPORT void mtx_destroy(mtx_t* m) {
  auto real = CONC_REAL(mtx_destroy);
  if (locks::Active()) locks::OnDestroy(m, Kind::kC11, CONC_SITE);
  real(m);
}

CONC_EXPORT int mtx_lock(mtx_t* m) {
  auto real = CONC_REAL(mtx_lock);
  if (!locks::Active()) return real(m);
  return Tracked(m, Kind::kC11, true, Wait::kWait, CONC_SITE, [&] { return real(m); });
}

CONC_EXPORT int mtx_trylock(mtx_t* m) {
  auto real = CONC_REAL(mtx_trylock);
  if (!locks::Active()) return real(m);
  return Tracked(m, Kind::kC11, true, Wait::kTry, CONC_SITE, [&] { return real(m); });
}

CONC_EXPORT int mtx_timedlock(mtx_t* __restrict m, const struct timespec* __restrict at) {
  auto real = CONC_REAL(mtx_timedlock);
  if (!locks::Active()) return real(m, at);
  return Tracked(m, Kind::kC11, true, Wait::kWait, CONC_SITE, [&] { return real(m, at); });
}

CONC_EXPORT int mtx_unlock(mtx_t* m) {
  auto real = CONC_REAL(mtx_unlock);
  // The bookkeeping after the real unlock: not inside the critical section.
  int rc = real(m);
  if (locks::Active()) locks::OnUnlock(m, Kind::kC11, CONC_SITE);
  return rc;
}

// ---- the end of a lock's memory ----

CONC_EXPORT void free(void* p) {
  FreeFn real = RealFree();
  if (p != nullptr && locks::Active()) locks::OnRelease(p, malloc_usable_size(p));
  real(p);
}

CONC_EXPORT int munmap(void* addr, size_t length) {
  auto real = CONC_REAL(munmap);
  if (locks::Active()) locks::OnRelease(addr, length);
  return real(addr, length);
}
