// Current stacks of other threads, through SIGURG.
//
// One request at a time (a mutex serializes requesters). The requester fills
// the slot, sends SIGURG to the target with tgkill and polls the slot's state.
// The handler, when it runs on the requested thread and the request is still
// open, claims it (Requested -> Writing), walks its stack into the slot's
// preallocated frames (each with its CFA) and publishes (Done). A requester that gives up marks
// the request Abandoned first, so a late handler writes nothing. The handler
// stays installed for the life of the process: a late signal then finds no
// request and is passed to the previous handler, and SIGURG's default action
// is to ignore it.
//
// Async-signal-safety of the handler: gettid, atomics, sigsetjmp and
// _Unwind_Backtrace (under the probe's fault guard, see interpose.cpp), as
// glibc's backtrace() does it; it allocates
// only on first use (libgcc_s is loaded then), which stacktrace.cpp does at
// startup; on glibc >= 2.35 with GCC >= 12 (Debian 12) libgcc finds unwind
// tables with _dl_find_object, which takes no lock.
//
// Known limit (examined for the review of issue 22, not fixed): GCC 12's
// libgcc still takes its object_mutex in _Unwind_Find_FDE once any frames
// were registered with __register_frame (JIT compilers, some static
// binaries). If SIGURG lands on a thread that is itself inside the unwinder
// at that moment (throwing an exception, or in __register_frame), the
// handler waits for a lock its own thread holds: the requester gives up
// after its timeout and reports no stack, but the sampled thread stays stuck
// for good. Programs without registered frames (the usual case) never take
// that lock. GCC 13's lock-free lookup removes the problem; the general fixes
// are to copy registers and the top of the stack in the handler and unwind
// the copy in the requester, to walk frame pointers, or to use libunwind's
// signal-safe local unwinder.
#include "current_stack.h"

#include <execinfo.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>
#include <unwind.h>

#include <atomic>
#include <cstdint>
#include <cerrno>
#include <pthread.h>

#include "proc.h"
#include "registry.h"

namespace conc::probe::detail {
namespace {

enum State : int { kIdle, kRequested, kWriting, kDone, kAbandoned };

constexpr int kSignal = SIGURG;
// Usually GuardedUnwind, the handler and the kernel's signal trampoline; see the search
// for the interrupted PC below.
constexpr int kHandlerFrames = 3;
constexpr int kSlotFrames = internal::Stack::kMaxFrames + kHandlerFrames + 4;

// The request's state and target thread in one word, so that a late handler
// can never claim a later request made to another thread.
constexpr std::uint64_t Word(pid_t tid, State state) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(tid)) << 8) | state;
}

struct Slot {
  std::atomic<std::uint64_t> word{Word(0, kIdle)};
  void* frames[kSlotFrames];
  std::uintptr_t cfas[kSlotFrames];
  int depth = 0;
  void* interrupted_pc = nullptr;  // where the signal found the thread
};

Slot g_slot;
struct sigaction g_previous;
pthread_mutex_t g_request_mu = PTHREAD_MUTEX_INITIALIZER;
bool g_installed = false;  // guarded by g_request_mu

// In a forked child no request is under way, whatever the parent was doing.
void ResetInChild() {
  g_request_mu = PTHREAD_MUTEX_INITIALIZER;
  g_slot.word.store(Word(0, kIdle), std::memory_order_relaxed);
}

[[gnu::constructor]] void RegisterForkHandler() { pthread_atfork(nullptr, nullptr, ResetInChild); }

struct RequestLock {
  RequestLock() { pthread_mutex_lock(&g_request_mu); }
  ~RequestLock() { pthread_mutex_unlock(&g_request_mu); }
};

void Chain(int signo, siginfo_t* info, void* context) {
  if (g_previous.sa_flags & SA_SIGINFO) {
    if (g_previous.sa_sigaction != nullptr) g_previous.sa_sigaction(signo, info, context);
  } else if (g_previous.sa_handler != SIG_DFL && g_previous.sa_handler != SIG_IGN &&
             g_previous.sa_handler != nullptr) {
    g_previous.sa_handler(signo);
  }
}

// One frame of the handler's walk into the slot; what was found before a
// fault in the unwinder is kept.
_Unwind_Reason_Code CollectIntoSlot(_Unwind_Context* context, void*) {
  if (g_slot.depth >= kSlotFrames) return _URC_END_OF_STACK;
  std::uintptr_t ip = _Unwind_GetIP(context);
  if (ip == 0) return _URC_END_OF_STACK;
  g_slot.frames[g_slot.depth] = reinterpret_cast<void*>(ip);
  g_slot.cfas[g_slot.depth] = _Unwind_GetCFA(context);
  ++g_slot.depth;
  return _URC_NO_REASON;
}

void Handler(int signo, siginfo_t* info, void* context) {
  int saved_errno = errno;
  pid_t self = CurrentTid();
  std::uint64_t expected = Word(self, kRequested);
  if (g_slot.word.compare_exchange_strong(expected, Word(self, kWriting),
                                          std::memory_order_acq_rel)) {
    g_slot.interrupted_pc =
        reinterpret_cast<void*>(static_cast<ucontext_t*>(context)->uc_mcontext.gregs[REG_RIP]);
    // Guarded: the thread may be running on a fiber stack whose bottom
    // frame the unwinder cannot follow.
    g_slot.depth = 0;
    GuardedUnwind(CollectIntoSlot, nullptr);
    g_slot.word.store(Word(self, kDone), std::memory_order_release);
  } else {
    Chain(signo, info, context);
  }
  errno = saved_errno;
}

bool Install(std::string& why) {
  if (g_installed) return true;
  InstallFaultGuard();
  struct sigaction action = {};
  action.sa_sigaction = Handler;
  action.sa_flags = SA_SIGINFO | SA_RESTART | SA_ONSTACK;
  sigemptyset(&action.sa_mask);
  if (sigaction(kSignal, &action, &g_previous) != 0) {
    why = "could not install the SIGURG handler";
    return false;
  }
  g_installed = true;
  return true;
}

}  // namespace

bool CaptureThreadStack(pid_t tid, internal::Stack& out, std::chrono::milliseconds timeout,
                        std::string& why) {
  std::uintptr_t cfas[internal::Stack::kMaxFrames];
  return CaptureThreadStack(tid, out, cfas, timeout, why);
}

bool CaptureThreadStack(pid_t tid, internal::Stack& out,
                        std::uintptr_t (&cfas)[internal::Stack::kMaxFrames],
                        std::chrono::milliseconds timeout, std::string& why) {
  RequestLock guard;
  if (!Install(why)) return false;
  g_slot.depth = 0;
  g_slot.word.store(Word(tid, kRequested), std::memory_order_release);
  if (syscall(SYS_tgkill, getpid(), tid, kSignal) != 0) {
    g_slot.word.store(Word(0, kIdle), std::memory_order_release);
    why = "the thread is gone";
    return false;
  }
  auto deadline = std::chrono::steady_clock::now() + timeout;
  bool answered = false;
  for (;;) {
    if (g_slot.word.load(std::memory_order_acquire) == Word(tid, kDone)) {
      answered = true;
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      std::uint64_t expected = Word(tid, kRequested);
      if (g_slot.word.compare_exchange_strong(expected, Word(tid, kAbandoned),
                                              std::memory_order_acq_rel)) {
        break;
      }
      // The handler is writing: it finishes without blocking.
      continue;
    }
    timespec pause = {0, 50'000};
    nanosleep(&pause, nullptr);
  }
  if (answered) {
    // Start at the interrupted frame: how many frames the handler adds
    // depends on who else wraps it (a sanitizer intercepts backtrace and
    // signal handlers).
    int first = kHandlerFrames;
    for (int i = 0; i < g_slot.depth; ++i) {
      if (g_slot.frames[i] == g_slot.interrupted_pc) {
        first = i;
        break;
      }
    }
    out.depth = 0;
    for (int i = first; i < g_slot.depth && out.depth < internal::Stack::kMaxFrames; ++i) {
      cfas[out.depth] = g_slot.cfas[i];
      out.frames[out.depth++] = g_slot.frames[i];
    }
  } else {
    why = "the thread did not answer SIGURG within " + std::to_string(timeout.count()) +
          " ms (it blocks the signal, or is stopped or in an uninterruptible sleep)";
  }
  g_slot.word.store(Word(0, kIdle), std::memory_order_release);
  return answered;
}

}  // namespace conc::probe::detail
