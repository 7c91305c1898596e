// What the lock interposers (lock_interpose.cpp) tell the lock-order tracker.
//
// Each lock (a pthread mutex, rwlock or spin lock, a C11 mtx_t) gets a node
// identity the first time it is seen: its address plus a generation. Init,
// destroy and the free or munmap of the memory it lived in end the identity,
// so a new lock at the same address is a new node.
//
// Per thread, the tracker keeps the locks held, with the return address and
// frame of each acquisition; globally, a graph with an edge A->B the first
// time B is waited for while A is held, storing both acquisition stacks of
// that first time. A new edge that closes a cycle is reported.
//
// The fast path (a lock already known, every edge from the held locks to it
// already known to this thread) touches only thread-local state and one
// atomic load: no global lock. Everything else is the slow path.
#pragma once

#include <pthread.h>
#include <sys/types.h>

#include <atomic>
#include <cstddef>
#include <cstdint>

// Hidden: called only from inside libconc_probe, directly rather than
// through the PLT (every lock call of the program comes here).
#pragma GCC visibility push(hidden)
namespace conc::probe::detail::locks {

enum class Kind : std::uint8_t { kMutex, kRwlock, kSpin, kC11 };

// How the caller asks for the lock. kWait covers the blocking and the timed
// calls (they wait); kTry never waits, so it adds no edge.
enum class Wait : std::uint8_t { kWait, kTry };

extern std::atomic<bool> g_enabled;  // CONC_PROBE_LOCKS=1, set once at load
// constinit: no dynamic initialization, so no TLS wrapper call on each access.
extern constinit __attribute__((tls_model("initial-exec"))) thread_local int t_in_probe;

// Whether the calling thread's lock calls are tracked: CONC_PROBE_LOCKS=1 at
// load, and the thread is not inside the probe itself. Inline: every lock
// call of the program asks.
inline bool Active() noexcept {
  return g_enabled.load(std::memory_order_relaxed) && t_in_probe == 0;
}

// While one is alive, the calling thread's lock calls are the probe's own
// and are not tracked.
class ProbeScope {
 public:
  ProbeScope() noexcept;
  ~ProbeScope();
  ProbeScope(const ProbeScope&) = delete;
  ProbeScope& operator=(const ProbeScope&) = delete;
};

// The tracker's own mutex. Under ThreadSanitizer the tracker's code is not
// instrumented and its lock calls may not reach TSan's interceptors, but the
// memory it allocates is TSan's: the hand-over of that memory between
// threads is told to TSan with __tsan_acquire/__tsan_release, or it reports
// races inside the probe.
class ProbeMutex {
 public:
  void lock();
  void unlock();
  bool try_lock();

 private:
  pthread_mutex_t mu_ = PTHREAD_MUTEX_INITIALIZER;
};

// A lock call in progress: BeforeLock, the real call, then AfterLock. Small
// enough to come back in two registers: every lock call of the program
// carries one.
struct Acquisition {
  void* thread = nullptr;  // the tracker's state of the calling thread; null: not tracked
  std::int32_t slot = -1;  // its held-set entry: the one relocked, or the one prepared; -1: none
  bool relock = false;     // the thread already holds it
  bool waiting = false;    // a blocking or timed call: AfterLock clears the thread's waiting slot
};

// `pc` is the return address of the interposed call, `cfa` its frame's
// canonical frame address (the caller's stack pointer at the call).
Acquisition BeforeLock(const void* lock, Kind kind, bool write, Wait wait, void* pc,
                       std::uintptr_t cfa) noexcept;
void AfterLock(Acquisition acquisition, bool acquired) noexcept;
void OnUnlock(const void* lock, Kind kind, void* pc, std::uintptr_t cfa) noexcept;
// pthread_*_init / mtx_init: a new lock at this address.
void OnInit(const void* lock) noexcept;
// pthread_*_destroy / mtx_destroy: reported when some thread holds it.
void OnDestroy(const void* lock, Kind kind, void* pc, std::uintptr_t cfa) noexcept;
// The memory [begin, begin+size) was freed or unmapped.
void OnRelease(const void* begin, std::size_t size) noexcept;

// What other parts of the probe may read (a wait-for picture): see
// lock_wait_state.h.

}  // namespace conc::probe::detail::locks
#pragma GCC visibility pop
