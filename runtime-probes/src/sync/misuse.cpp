// Misuse reports and the policy that handles them (conc/misuse.h).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>

#include "conc/internal/stacktrace.h"
#include "conc/internal/wait.h"
#include "conc/misuse.h"
#include "fork.h"

namespace conc {
namespace {

MisusePolicy PolicyFromEnvironment() {
  const char* value = std::getenv("CONC_MISUSE_POLICY");
  if (value == nullptr) return MisusePolicy::kAbort;
  if (std::strcmp(value, "throw") == 0) return MisusePolicy::kThrow;
  if (std::strcmp(value, "log") == 0) return MisusePolicy::kLog;
  if (std::strcmp(value, "abort") != 0) {
    std::fprintf(stderr, "conc: ignoring CONC_MISUSE_POLICY=%s (want throw, abort or log)\n",
                 value);
  }
  return MisusePolicy::kAbort;
}

std::atomic<MisusePolicy>& Policy() {
  static std::atomic<MisusePolicy> policy{PolicyFromEnvironment()};
  return policy;
}

struct SinkState {
  std::mutex mutex;
  MisuseSink sink;
};
SinkState& Sink() {
  static SinkState* const state = [] {
    internal::InstallForkHandlers();
    return new SinkState;  // leaked: reports may come during exit
  }();
  return *state;
}

}  // namespace

// fork(): no other thread may hold the sink's lock at the fork.
constinit const internal::ForkHandlers internal::kMisuseSinkForkHandlers = {
    [] { Sink().mutex.lock(); },
    [] { Sink().mutex.unlock(); },
    [] { Sink().mutex.unlock(); },
};

const char* to_string(MisuseKind kind) noexcept {
  switch (kind) {
    case MisuseKind::kDoubleClose: return "close of closed channel";
    case MisuseKind::kSendOnClosed: return "send on closed channel";
    case MisuseKind::kCloseOfNilChannel: return "close of nil channel";
    case MisuseKind::kNegativeWaitGroupCounter: return "sync: negative WaitGroup counter";
    case MisuseKind::kWaitInsideOwnTask: return "wait on a group from inside one of its own tasks";
    case MisuseKind::kLockOrderInversion: return "lock-order inversion (potential deadlock)";
    case MisuseKind::kRecursiveLock: return "recursive lock of a non-recursive mutex (self-deadlock)";
    case MisuseKind::kUnlockNotHeld: return "unlock of a mutex this thread does not hold";
  }
  return "misuse";
}

void set_misuse_policy(MisusePolicy policy) noexcept {
  Policy().store(policy, std::memory_order_relaxed);
}

MisusePolicy misuse_policy() noexcept { return Policy().load(std::memory_order_relaxed); }

void set_misuse_sink(MisuseSink sink) {
  std::lock_guard<std::mutex> lock(Sink().mutex);
  Sink().sink = std::move(sink);
}

namespace internal {

void TrimInternalFrames(Stack& stack) {
  int first = 0;
  while (first < stack.depth &&
         Symbolize(stack.frames[first]).function.rfind("conc::internal::", 0) == 0) {
    ++first;
  }
  if (first == stack.depth) return;
  for (int i = first; i < stack.depth; ++i) stack.frames[i - first] = stack.frames[i];
  stack.depth -= first;
}

void ReportMisuseText(MisuseKind kind, const std::string& text) {
  switch (misuse_policy()) {
    case MisusePolicy::kThrow:
      throw MisuseError(kind, text);
    case MisusePolicy::kAbort:
      std::fputs(text.c_str(), stderr);
      std::fflush(stderr);
      std::abort();
    case MisusePolicy::kLog: {
      std::lock_guard<std::mutex> lock(Sink().mutex);
      if (Sink().sink) {
        Sink().sink(kind, text);
      } else {
        std::fputs(text.c_str(), stderr);
        std::fflush(stderr);
      }
      return;
    }
  }
}

void ReportMisuse(MisuseKind kind, const std::string& detail, const Stack* earlier,
                  const char* earlier_label) {
  Stack here;
  CaptureStack(here, 1);
  TrimInternalFrames(here);
  std::string text = "conc: misuse: ";
  text += to_string(kind);
  if (!detail.empty()) text += " (" + detail + ")";
  text += "\n  here:\n";
  text += FormatStack(here, "    ");
  if (earlier != nullptr) {
    text += "  ";
    text += earlier_label;
    text += ":\n";
    text += FormatStack(*earlier, "    ");
  }
  ReportMisuseText(kind, text);
}

void ReportChannelMisuse(MisuseKind kind, const void* channel, const Stack* first_close) {
  char detail[64];
  std::snprintf(detail, sizeof detail, "conc::Channel %p", channel);
  ReportMisuse(kind, detail, first_close, "first closed at");
}

}  // namespace internal
}  // namespace conc
