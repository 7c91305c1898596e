// The interposed pthread_create: records who created each thread.
//
// This file defines pthread_create itself. Whether libconc_probe is linked
// into the program or LD_PRELOADed by `conc-probe run`, the dynamic linker
// binds every call (the program's, libstdc++'s std::thread, other libraries')
// to this definition, which captures the creation stack and starts the thread
// in a trampoline that links the thread's record into the registry; the C
// library's pthread_create is found with dlsym(RTLD_NEXT).
//
// Fork: the child handler, which must be async-signal-safe, makes the list
// the forking thread's record alone and re-initializes the lock (another
// thread may have held it at the fork); the records of the threads that did
// not survive the fork are dropped (their memory is leaked in the child, a
// few hundred bytes per thread).
#include <dlfcn.h>
#include <pthread.h>
#include <execinfo.h>
#include <setjmp.h>
#include <unwind.h>
#include <signal.h>
#include <sys/syscall.h>
#include <threads.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <new>

#include "lock_tracker.h"
#include "probe_settings.h"
#include "proc.h"
#include "registry.h"

namespace conc::probe::detail {
namespace {

namespace internal = conc::internal;
// The registry's own lock is the probe's, not the program's: untracked.
namespace locks = conc::probe::detail::locks;

using PthreadCreate = int (*)(pthread_t*, const pthread_attr_t*, void* (*)(void*), void*);

struct ThreadRecord {
  ThreadRecord* prev = nullptr;
  ThreadRecord* next = nullptr;
  void* (*routine)(void*) = nullptr;
  void* arg = nullptr;
  pid_t tid = 0;
  pid_t creator_tid = 0;
  std::uint64_t serial = 0;
  internal::Stack creation;
};

pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
ThreadRecord* g_head = nullptr;  // guarded by g_lock
std::atomic<std::uint64_t> g_created{0};
std::atomic<PthreadCreate> g_real_create{nullptr};
bool g_capture_creation_stacks = true;  // set once, at load

// initial-exec: reading it must not allocate, also in the atfork child handler.
__attribute__((tls_model("initial-exec"))) thread_local ThreadRecord* t_self = nullptr;

// Its address tells which loaded object holds the probe.
void ThisObject() {}

// The next pthread_create: the C library's, or a sanitizer's interceptor.
// When the static probe is linked into a sanitized program, the probe's
// definition overrides the interceptor (a weak symbol in the same
// executable), so RTLD_NEXT would skip the sanitizer and it would never hear
// of the thread (ThreadSanitizer then fails a CHECK); call the interceptor
// instead. When the shared probe is loaded into a sanitized program, the
// program's interceptor comes first and calls us: RTLD_NEXT is right then.
PthreadCreate RealCreate() noexcept {
  PthreadCreate real = g_real_create.load(std::memory_order_acquire);
  if (real == nullptr) {
    // Whether the pthread_create the program binds to is in the probe's own
    // object (the executable, for the static probe): compare objects, not
    // addresses, since &pthread_create in a shared object is itself
    // resolved through the dynamic linker.
    void* interceptor = dlsym(RTLD_DEFAULT, "__interceptor_pthread_create");
    void* first = dlsym(RTLD_DEFAULT, "pthread_create");
    Dl_info first_info{}, own_info{};
    bool first_is_ours =
        first != nullptr && dladdr(first, &first_info) != 0 &&
        dladdr(reinterpret_cast<void*>(&ThisObject), &own_info) != 0 &&
        first_info.dli_fbase == own_info.dli_fbase;
    if (interceptor != nullptr && first_is_ours) {
      real = reinterpret_cast<PthreadCreate>(interceptor);
    } else {
      real = reinterpret_cast<PthreadCreate>(dlsym(RTLD_NEXT, "pthread_create"));
    }
    g_real_create.store(real, std::memory_order_release);
  }
  return real;
}

void Link(ThreadRecord* record) noexcept {
  locks::ProbeScope untracked;
  pthread_mutex_lock(&g_lock);
  record->prev = nullptr;
  record->next = g_head;
  if (g_head != nullptr) g_head->prev = record;
  g_head = record;
  pthread_mutex_unlock(&g_lock);
}

void UnlinkLocked(ThreadRecord* record) noexcept {
  if (record->prev != nullptr) {
    record->prev->next = record->next;
  } else if (g_head == record) {
    g_head = record->next;
  }
  if (record->next != nullptr) record->next->prev = record->prev;
  record->prev = record->next = nullptr;
}

// Unlinks the record when the thread's start routine returns, and also when
// the thread leaves through pthread_exit or cancellation (forced unwinding
// runs this destructor).
struct RecordOwner {
  ThreadRecord* record;
  ~RecordOwner() {
    t_self = nullptr;
    locks::ProbeScope untracked;
    pthread_mutex_lock(&g_lock);
    UnlinkLocked(record);
    pthread_mutex_unlock(&g_lock);
    std::free(record);
  }
};

void* Trampoline(void* raw) {
  auto* record = static_cast<ThreadRecord*>(raw);
  // Only this file's code and libc here (see the note on ThreadSanitizer in
  // CMakeLists.txt): no call into the probe's other, instrumented, files.
  auto tid = static_cast<pid_t>(syscall(SYS_gettid));
  t_self = record;
  {
    locks::ProbeScope untracked;
    pthread_mutex_lock(&g_lock);
    record->tid = tid;
    pthread_mutex_unlock(&g_lock);
  }
  RecordOwner owner{record};
  return record->routine(record->arg);
}

// The lock is not held across fork(): the prepare handlers of other
// libraries (a sanitizer's, which locks its thread registry while its
// pthread_create interceptor may be calling ours) would then deadlock with
// it. The child does not need a consistent list anyway: only the forking
// thread survives, so the list becomes that thread's record alone.
void ChildAfterFork() {
  // Async-signal-safe: pointer updates and a fresh lock, nothing else.
  ThreadRecord* self = t_self;
  g_head = nullptr;
  if (self != nullptr) {
    self->prev = self->next = nullptr;
    self->tid = static_cast<pid_t>(syscall(SYS_gettid));
    g_head = self;
  }
  g_lock = PTHREAD_MUTEX_INITIALIZER;
}

// Creation stacks on foreign stacks.
//
// A thread created from a fiber or coroutine (marl's scheduler runs its
// tasks on fibers) is created on a stack that is not the thread's own, and
// whose bottom frame may have no valid return address: marl's fibers start
// with an uninitialized return slot. libgcc's unwinder follows it and, when
// no unwind table covers the address, reads the code there to look for a
// signal frame: a fault, which crashed the program. On a foreign stack the
// probe unwinds under a guard: a fault in the unwinder on that thread ends
// the walk with the frames found so far. Any other SIGSEGV or SIGBUS goes to
// the handler that was there before (the program's, a sanitizer's, or the
// default action, which then kills the process with the signal as before).

// The calling thread's own stack, found once per thread.
__attribute__((tls_model("initial-exec"))) thread_local std::uintptr_t t_stack_low = 0;
__attribute__((tls_model("initial-exec"))) thread_local std::uintptr_t t_stack_high = 0;
// Set while this thread unwinds a foreign stack.
__attribute__((tls_model("initial-exec"))) thread_local sigjmp_buf* t_unwind_guard = nullptr;

bool OnOwnStack(std::uintptr_t sp) noexcept {
  if (t_stack_high == 0) {
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return false;  // cannot tell: guard it
    void* base = nullptr;
    size_t size = 0;
    pthread_attr_getstack(&attr, &base, &size);
    pthread_attr_destroy(&attr);
    t_stack_low = reinterpret_cast<std::uintptr_t>(base);
    t_stack_high = t_stack_low + size;
  }
  return sp >= t_stack_low && sp < t_stack_high;
}

struct sigaction g_previous_segv, g_previous_bus;
pthread_once_t g_guard_once = PTHREAD_ONCE_INIT;

void FaultHandler(int signo, siginfo_t* info, void* context) {
  if (sigjmp_buf* guard = t_unwind_guard) {
    t_unwind_guard = nullptr;
    siglongjmp(*guard, 1);
  }
  const struct sigaction& previous = signo == SIGBUS ? g_previous_bus : g_previous_segv;
  if (previous.sa_flags & SA_SIGINFO) {
    previous.sa_sigaction(signo, info, context);
  } else if (previous.sa_handler == SIG_IGN) {
    return;
  } else if (previous.sa_handler != SIG_DFL && previous.sa_handler != nullptr) {
    previous.sa_handler(signo);
  } else {
    // The default action: restore it; the faulting instruction faults
    // again when this handler returns and the process dies of the signal.
    // A signal sent with kill() does not come back by itself: send it again.
    signal(signo, SIG_DFL);
    if (info != nullptr && info->si_code <= 0) raise(signo);
  }
}

void InstallFaultHandler() {
  struct sigaction action = {};
  action.sa_sigaction = FaultHandler;
  action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigemptyset(&action.sa_mask);
  sigaction(SIGSEGV, &action, &g_previous_segv);
  sigaction(SIGBUS, &action, &g_previous_bus);
}

}  // namespace

void InstallFaultGuard() noexcept { pthread_once(&g_guard_once, InstallFaultHandler); }

void GuardedUnwind(_Unwind_Trace_Fn visit, void* arg) noexcept {
  InstallFaultGuard();
  sigjmp_buf guard;
  sigjmp_buf* outer = t_unwind_guard;
  if (sigsetjmp(guard, /*savemask=*/1) == 0) {
    t_unwind_guard = &guard;
    _Unwind_Backtrace(visit, arg);
  }
  t_unwind_guard = outer;
}

int GuardedBacktrace(void** pcs, int capacity) noexcept {
  // Frames found before a fault are kept: backtrace() fills pcs as it goes,
  // so clear it first and count what was written.
  for (int i = 0; i < capacity; ++i) pcs[i] = nullptr;
  sigjmp_buf guard;
  sigjmp_buf* outer = t_unwind_guard;
  if (sigsetjmp(guard, /*savemask=*/1) == 0) {
    t_unwind_guard = &guard;
    backtrace(pcs, capacity);
  }
  t_unwind_guard = outer;
  int depth = 0;
  while (depth < capacity && pcs[depth] != nullptr) ++depth;
  return depth;
}

namespace {

// The creation stack, from pthread_create's caller on.
[[gnu::noinline]] void CaptureCreationStack(internal::Stack& out) noexcept {
  auto sp = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
  if (OnOwnStack(sp)) {
    internal::CaptureStack(out, /*skip=*/2);  // this function and pthread_create
    return;
  }
  InstallFaultGuard();
  out.depth = 0;
  void* pcs[internal::Stack::kMaxFrames + 8];
  int depth = GuardedBacktrace(pcs, internal::Stack::kMaxFrames + 8);
  // Drop GuardedBacktrace, this function and pthread_create.
  for (int i = 3; i < depth && out.depth < internal::Stack::kMaxFrames; ++i) {
    out.frames[out.depth++] = pcs[i];
  }
}

std::vector<pid_t>* g_threads_at_load = nullptr;

[[gnu::constructor]] void InitProbe() {
  RealCreate();
  g_capture_creation_stacks = Settings().creation_stacks;
  pthread_atfork(nullptr, nullptr, ChildAfterFork);
  // Threads alive now that were not created through the wrapper: the
  // process's own (the main thread). Threads created by constructors that ran
  // earlier are excluded by ThreadsAtLoad's callers through their records.
  g_threads_at_load = new std::vector<pid_t>(ListThreads());
}

}  // namespace

std::uint64_t ThreadsCreated() noexcept { return g_created.load(std::memory_order_acquire); }

void ForEachRecord(const std::function<void(const ThreadRecordView&)>& visit) {
  locks::ProbeScope untracked;
  pthread_mutex_lock(&g_lock);
  for (ThreadRecord* r = g_head; r != nullptr; r = r->next) {
    visit(ThreadRecordView{r->tid, r->creator_tid, r->serial, &r->creation});
  }
  pthread_mutex_unlock(&g_lock);
}

int PendingStarts() {
  int pending = 0;
  locks::ProbeScope untracked;
  pthread_mutex_lock(&g_lock);
  for (ThreadRecord* r = g_head; r != nullptr; r = r->next) pending += r->tid == 0;
  pthread_mutex_unlock(&g_lock);
  return pending;
}

bool CurrentThreadCreation(internal::Stack& creation, pid_t& creator) noexcept {
  ThreadRecord* self = t_self;
  if (self == nullptr) return false;
  creation = self->creation;
  creator = self->creator_tid;
  return true;
}

const std::vector<pid_t>& ThreadsAtLoad() {
  if (g_threads_at_load == nullptr) g_threads_at_load = new std::vector<pid_t>(ListThreads());
  return *g_threads_at_load;
}

int CreateProbeThread(pthread_t* thread, void* (*routine)(void*), void* arg) noexcept {
  PthreadCreate real = RealCreate();
  return real == nullptr ? EAGAIN : real(thread, nullptr, routine, arg);
}

}  // namespace conc::probe::detail

using conc::probe::detail::ThreadRecord;

extern "C" __attribute__((visibility("default"))) int pthread_create(
    pthread_t* thread, const pthread_attr_t* attr, void* (*routine)(void*), void* arg) {
  using namespace conc::probe::detail;
  PthreadCreate real = RealCreate();
  if (real == nullptr) return EAGAIN;
  void* memory = std::malloc(sizeof(ThreadRecord));
  if (memory == nullptr) return real(thread, attr, routine, arg);
  auto* record = new (memory) ThreadRecord;
  record->routine = routine;
  record->arg = arg;
  record->creator_tid = CurrentTid();
  // Unwinding can crash on a stack the unwinder cannot walk to its end (a
  // fiber scheduler's stacks, marl's for one): CONC_PROBE_CREATION_STACKS=0
  // turns the capture off.
  if (g_capture_creation_stacks) {
    CaptureCreationStack(record->creation);
  }
  record->serial = g_created.fetch_add(1, std::memory_order_acq_rel) + 1;
  // Linked before the thread exists, with tid 0 until it runs: a check
  // that sees the new thread in /proc before its record has a tid knows
  // to wait for it (PendingStarts).
  Link(record);
  int rc = real(thread, attr, Trampoline, record);
  if (rc != 0) {
    locks::ProbeScope untracked;
    pthread_mutex_lock(&g_lock);
    UnlinkLocked(record);
    pthread_mutex_unlock(&g_lock);
    std::free(record);
  }
  return rc;
}

// C11 threads: glibc's thrd_create, thrd_join and thrd_detach call their
// pthread counterparts inside the C library, past every interposer. Route
// them through the dynamic linker instead, so that C11 threads get creation
// stacks, and so that a sanitizer that intercepts pthread_create and
// pthread_join but not the C11 calls (ThreadSanitizer) knows about them.
// The start routine returns int where pthread's returns void*: glibc makes
// the same cast, and its thrd_join reads the int back from the void*.
extern "C" __attribute__((visibility("default"))) int thrd_create(thrd_t* thread,
                                                                  thrd_start_t routine, void* arg) {
  int rc = pthread_create(reinterpret_cast<pthread_t*>(thread), nullptr,
                          reinterpret_cast<void* (*)(void*)>(routine), arg);
  if (rc == 0) return thrd_success;
  return rc == ENOMEM ? thrd_nomem : thrd_error;
}

extern "C" __attribute__((visibility("default"))) int thrd_join(thrd_t thread, int* result) {
  void* value = nullptr;
  if (pthread_join(static_cast<pthread_t>(thread), &value) != 0) return thrd_error;
  if (result != nullptr) *result = static_cast<int>(reinterpret_cast<std::intptr_t>(value));
  return thrd_success;
}

extern "C" __attribute__((visibility("default"))) int thrd_detach(thrd_t thread) {
  return pthread_detach(static_cast<pthread_t>(thread)) == 0 ? thrd_success : thrd_error;
}
