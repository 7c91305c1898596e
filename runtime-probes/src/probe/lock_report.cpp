// The lock tracker's reports: text in the shape of ThreadSanitizer's and
// lockdep's, JSON, the --ignore-lock-site filters, and the record kept for
// the listener and `conc-probe run`.
#include "lock_report.h"

#include <fnmatch.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "conc/probe/locks.h"
#include "conc/probe/probe.h"
#include "probe_settings.h"

namespace conc::probe::detail::locks {
namespace {

struct Finding {
  std::string text;
  std::string json;
};

ProbeMutex g_findings_mu;
// Never destroyed: findings may come after static destructors have run.
std::vector<Finding>& g_findings = *new std::vector<Finding>;  // guarded by g_findings_mu
std::atomic<std::size_t> g_finding_count{0};

bool IsProbeOrSanitizerFrame(const internal::Frame& frame) {
  std::string_view f = frame.function;
  std::string_view module = frame.module;
  size_t slash = module.rfind('/');
  std::string_view base = slash == std::string_view::npos ? module : module.substr(slash + 1);
  if (base.substr(0, 13) == "libconc_probe") return true;
  for (std::string_view prefix : {"__interceptor_", "___interceptor_", "__sanitizer", "__tsan",
                                  "__asan", "__ubsan", "conc::probe::detail"}) {
    if (f.substr(0, prefix.size()) == prefix) return true;
  }
  // The probe's own interposers when the static probe is linked in.
  for (std::string_view own : {"pthread_create", "pthread_mutex_", "pthread_rwlock_",
                               "pthread_spin_", "mtx_"}) {
    if (f.substr(0, own.size()) == own) return true;
  }
  return false;
}

bool IsThreadEntryFrame(const internal::Frame& frame) {
  std::string_view f = frame.function;
  std::string_view module = frame.module;
  size_t slash = module.rfind('/');
  std::string_view base = slash == std::string_view::npos ? module : module.substr(slash + 1);
  for (std::string_view runtime : {"libc.so", "libc-", "libstdc++", "libc++", "libgcc_s", "ld-linux",
                                   "libpthread", "libconc_probe"}) {
    if (base.substr(0, runtime.size()) == runtime) return true;
  }
  return f == "_start" ||
         f.find("clone") != std::string_view::npos || f == "start_thread" ||
         f.find("Trampoline") != std::string_view::npos || f == "__libc_start_main" ||
         f == "__libc_start_call_main";
}

std::vector<StackFrame> Clean(const internal::Stack& stack) {
  std::vector<internal::Frame> frames;
  for (int i = 0; i < stack.depth; ++i) {
    if (stack.frames[i] == nullptr) continue;
    for (internal::Frame& frame : internal::SymbolizeInlined(stack.frames[i])) {
      frames.push_back(std::move(frame));
    }
  }
  size_t first = 0;
  while (first < frames.size() && IsProbeOrSanitizerFrame(frames[first])) ++first;
  size_t end = frames.size();
  while (end > first && IsThreadEntryFrame(frames[end - 1])) --end;
  std::vector<StackFrame> out;
  for (size_t i = first; i < end; ++i) {
    StackFrame frame;
    frame.function = frames[i].function.empty() ? "??" : frames[i].function;
    frame.file = frames[i].file;
    frame.line = frames[i].line;
    out.push_back(std::move(frame));
  }
  return out;
}

bool MatchesSite(const std::vector<StackFrame>& stack) {
  static const std::vector<std::string> globs = Settings().Globs(Filter::Over::kLockSite);
  for (const std::string& glob : globs) {
    for (const StackFrame& frame : stack) {
      if (fnmatch(glob.c_str(), frame.function.c_str(), 0) == 0) return true;
    }
  }
  return false;
}

const char* KindName(Kind kind) {
  switch (kind) {
    case Kind::kMutex: return "mutex";
    case Kind::kRwlock: return "rwlock";
    case Kind::kSpin: return "spinlock";
    case Kind::kC11: return "mtx_t";
  }
  return "lock";
}

std::string Hex(std::uintptr_t value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "0x%zx", static_cast<size_t>(value));
  return buffer;
}

std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          out += buffer;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string JsonStack(const std::vector<StackFrame>& stack) {
  std::string out = "[";
  for (size_t i = 0; i < stack.size(); ++i) {
    if (i > 0) out += ",";
    out += "{\"function\":" + JsonString(stack[i].function) + ",\"file\":" +
           JsonString(stack[i].file) + ",\"line\":" + std::to_string(stack[i].line) + "}";
  }
  return out + "]";
}

void AppendStack(std::string& text, const std::vector<StackFrame>& stack, const char* indent) {
  if (stack.empty()) {
    text += indent;
    text += "(no frames)\n";
    return;
  }
  for (size_t i = 0; i < stack.size(); ++i) {
    text += indent;
    text += "#" + std::to_string(i) + " " + stack[i].ToString() + "\n";
  }
}

std::string ThreadTitle(const ThreadRef& thread) {
  std::string title = thread.is_main ? "the main thread" : "thread " + std::to_string(thread.tid);
  if (!thread.name.empty()) title += " \"" + thread.name + "\"";
  if (thread.is_main) title += " (tid " + std::to_string(thread.tid) + ")";
  return title;
}

void AppendCreation(std::string& text, const ThreadRef& thread) {
  if (thread.is_main) return;
  if (thread.has_creation) {
    text += "  " + ThreadTitle(thread) + " created (in thread " + std::to_string(thread.creator) +
            ") at:\n";
    AppendStack(text, Clean(thread.creation), "    ");
  } else {
    text += "  " + ThreadTitle(thread) +
            ": creation stack unknown (not created through pthread_create while the probe "
            "was loaded)\n";
  }
}

std::string JsonThread(const ThreadRef& thread) {
  std::string out = "{\"tid\":" + std::to_string(thread.tid) + ",\"name\":" +
                    JsonString(thread.name) + ",\"main\":" + (thread.is_main ? "true" : "false");
  if (thread.has_creation) {
    out += ",\"creator\":" + std::to_string(thread.creator) +
           ",\"creation_stack\":" + JsonStack(Clean(thread.creation));
  }
  return out + "}";
}

void Record(std::string text, std::string json) {
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
  std::lock_guard<ProbeMutex> guard(g_findings_mu);
  g_findings.push_back(Finding{std::move(text), std::move(json)});
  g_finding_count.store(g_findings.size(), std::memory_order_release);
}

std::string TestSuffix(const std::string& test) {
  return test.empty() ? "" : " [in test " + test + "]";
}

}  // namespace

// CONC_PROBE_LOCKS_JSON=FILE: the findings as JSON at exit, in the process
// that loaded the probe (not in its forked children, which inherit the
// variable and would overwrite the file).
static pid_t g_json_pid = 0;

static void WriteJsonAtExit() {
  const std::string& path_text = Settings().locks_json;
  const char* path = path_text.c_str();
  if (path_text.empty() || getpid() != g_json_pid) return;
  ProbeScope scope;
  std::string json = conc::probe::LockFindingsJson();
  if (FILE* out = std::fopen(path, "w")) {
    std::fwrite(json.data(), 1, json.size(), out);
    std::fclose(out);
  } else {
    std::fprintf(stderr, "conc-probe: cannot write CONC_PROBE_LOCKS_JSON=%s\n", path);
  }
}

void LoadReportSettings() {
  if (!Settings().locks_json.empty()) {
    g_json_pid = getpid();
    std::atexit(WriteJsonAtExit);
  }
}

void ReportCycle(const std::vector<EdgeRecord>& edges, const std::string& test_now) {
  const size_t n = edges.size();
  std::vector<std::vector<StackFrame>> held(n), waited(n);
  for (size_t i = 0; i < n; ++i) {
    held[i] = Clean(edges[i].held_stack);
    waited[i] = Clean(edges[i].waited_stack);
    if (MatchesSite(held[i]) || MatchesSite(waited[i])) return;
  }
  auto name = [](size_t i) { return "M" + std::to_string(i); };
  std::string text = "conc-probe: lock-order inversion (potential deadlock): a cycle of " +
                     std::to_string(n) + " locks" + TestSuffix(test_now) + "\n  cycle: ";
  std::string json = "{\"kind\":\"lock-order-inversion\",\"test\":" + JsonString(test_now) +
                     ",\"locks\":[";
  for (size_t i = 0; i < n; ++i) {
    const LockRef& lock = edges[i].held;
    text += name(i) + " (" + KindName(lock.kind) + " at " + Hex(lock.address) + ") => ";
    if (i > 0) json += ",";
    json += "{\"name\":" + JsonString(name(i)) + ",\"kind\":" + JsonString(KindName(lock.kind)) +
            ",\"address\":" + JsonString(Hex(lock.address)) + "}";
  }
  text += name(0) + "\n";
  json += "],\"edges\":[";
  for (size_t i = 0; i < n; ++i) {
    const EdgeRecord& edge = edges[i];
    std::string from = name(i), to = name((i + 1) % n);
    text += "\n  " + to + " acquired while holding " + from + " in " + ThreadTitle(edge.thread) +
            TestSuffix(edge.test) + ":\n";
    AppendStack(text, waited[i], "    ");
    text += "  " + from + " previously acquired by the same thread at:\n";
    AppendStack(text, held[i], "    ");
    AppendCreation(text, edge.thread);
    if (i > 0) json += ",";
    json += "{\"held\":" + JsonString(from) + ",\"acquired\":" + JsonString(to) +
            ",\"test\":" + JsonString(edge.test) + ",\"thread\":" + JsonThread(edge.thread) +
            ",\"acquired_stack\":" + JsonStack(waited[i]) + ",\"held_stack\":" +
            JsonStack(held[i]) + "}";
  }
  json += "]}";
  Record(std::move(text), std::move(json));
}

void ReportMisuse(const MisuseRecord& record) {
  std::vector<StackFrame> here = Clean(record.here);
  std::vector<StackFrame> acquired = Clean(record.acquired);
  if (MatchesSite(here) || MatchesSite(acquired)) return;
  std::string lock = std::string(KindName(record.lock.kind)) + " at " + Hex(record.lock.address);
  std::string kind, headline;
  switch (record.kind) {
    case Misuse::kHeldAtThreadExit:
      kind = "held-at-thread-exit";
      headline = lock + " still held when " + ThreadTitle(record.thread) + " exited";
      break;
    case Misuse::kUnlockByNonOwner:
      kind = "unlock-by-non-owner";
      headline = lock + " unlocked by " + ThreadTitle(record.thread) + ", which does not hold it; " +
                 ThreadTitle(record.owner) + " does";
      break;
    case Misuse::kDestroyedWhileHeld:
      kind = "destroyed-while-held";
      headline = lock + " destroyed by " + ThreadTitle(record.thread) + " while " +
                 ThreadTitle(record.owner) + " holds it";
      break;
    case Misuse::kReadToWriteUpgrade:
      kind = "read-to-write-upgrade";
      headline = "write lock of " + lock + " asked for by " + ThreadTitle(record.thread) +
                 ", which holds its read lock: it waits for itself";
      break;
  }
  std::string text = "conc-probe: lock misuse: " + headline + TestSuffix(record.test) + "\n";
  if (!here.empty()) {
    text += "  here:\n";
    AppendStack(text, here, "    ");
  }
  text += "  " + ThreadTitle(record.owner) + " acquired it at:\n";
  AppendStack(text, acquired, "    ");
  AppendCreation(text, record.thread);
  if (record.owner.tid != record.thread.tid) AppendCreation(text, record.owner);
  std::string json = "{\"kind\":" + JsonString(kind) + ",\"test\":" + JsonString(record.test) +
                     ",\"lock\":{\"kind\":" + JsonString(KindName(record.lock.kind)) +
                     ",\"address\":" + JsonString(Hex(record.lock.address)) +
                     "},\"thread\":" + JsonThread(record.thread) + ",\"stack\":" + JsonStack(here) +
                     ",\"owner\":" + JsonThread(record.owner) +
                     ",\"acquired_stack\":" + JsonStack(acquired) + "}";
  Record(std::move(text), std::move(json));
}

}  // namespace conc::probe::detail::locks

namespace conc::probe {

std::size_t LockFindingCount() {
  return detail::locks::g_finding_count.load(std::memory_order_acquire);
}

std::vector<std::string> LockReportsSince(std::size_t first) {
  using namespace detail::locks;
  ProbeScope scope;
  std::vector<std::string> out;
  std::lock_guard<ProbeMutex> guard(g_findings_mu);
  for (std::size_t i = first; i < g_findings.size(); ++i) out.push_back(g_findings[i].text);
  return out;
}

std::string LockFindingsJson() {
  using namespace detail::locks;
  ProbeScope scope;
  std::string out = "{\"findings\":[";
  std::lock_guard<ProbeMutex> guard(g_findings_mu);
  for (std::size_t i = 0; i < g_findings.size(); ++i) {
    if (i > 0) out += ",";
    out += g_findings[i].json;
  }
  return out + "]}\n";
}

}  // namespace conc::probe
