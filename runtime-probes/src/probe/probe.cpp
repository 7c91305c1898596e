// Find/VerifyNone: compare /proc/self/task with a baseline, with backoff.
#include "conc/probe/probe.h"

#include <fnmatch.h>
#include <signal.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <unordered_map>

#include "conc/probe/locks.h"
#include "config.h"
#include "probe_settings.h"
#include "current_stack.h"
#include "proc.h"
#include "registry.h"

namespace conc::probe {
namespace {

using detail::Config;

constexpr std::chrono::microseconds kFirstRetry{10};
constexpr std::chrono::microseconds kLongestRetry{100'000};
// How long one thread may take to answer the current-stack signal, and how
// long one check may spend on all of them (a program whose threads all block
// the signal must not make a check take minutes).
constexpr std::chrono::milliseconds kStackTimeout{250};
constexpr std::chrono::milliseconds kStackBudget{10'000};
// Longest wait for started threads to reach the probe's trampoline.
constexpr std::chrono::milliseconds kSettleTime{2'000};

bool Matches(const std::vector<std::string>& globs, const std::string& text) {
  for (const std::string& glob : globs) {
    if (fnmatch(glob.c_str(), text.c_str(), 0) == 0) return true;
  }
  return false;
}

bool EndsWith(std::string_view text, std::string_view tail) {
  return text.size() >= tail.size() && text.substr(text.size() - tail.size()) == tail;
}

// The C and C++ runtime: frames there are not "who created it" nor "where it
// is parked" for a user.
bool IsRuntimeModule(std::string_view module) {
  size_t slash = module.rfind('/');
  std::string_view base = slash == std::string_view::npos ? module : module.substr(slash + 1);
  for (std::string_view prefix : {"libc.so", "libc-", "libstdc++", "libgcc_s", "ld-linux",
                                  "libpthread", "libconc_probe", "libm.so"}) {
    if (base.substr(0, prefix.size()) == prefix) return true;
  }
  return false;
}

bool IsLibraryFrame(const internal::Frame& frame) {
  if (IsRuntimeModule(frame.module)) return true;
  if (frame.function.empty()) return true;
  std::string_view f = frame.function;
  if (f.substr(0, 5) == "std::" || f.substr(0, 11) == "__gnu_cxx::" || f.substr(0, 2) == "__")
    return true;
  // Inlined frames of std:: templates carry a return type before "std::"
  // ("void std::vector<...>::emplace_back"), so look at where the code is:
  // a system header is library code.
  const std::string& file = frame.file;
  if (file.rfind("/usr/include/", 0) == 0 || file.rfind("/usr/lib/gcc/", 0) == 0 ||
      file.rfind("/usr/lib/llvm", 0) == 0 || file.find("/include/c++/") != std::string::npos)
    return true;
  return false;
}

StackFrame ToStackFrame(const internal::Frame& frame) {
  StackFrame out;
  out.function = frame.function.empty() ? "??" : frame.function;
  out.file = frame.file;
  out.line = frame.line;
  return out;
}

struct Symbolized {
  std::vector<internal::Frame> frames;
  // Every function of the stack, also those of the frames dropped from
  // `frames` (the probe's, the sanitizers'): what creation-stack filters see.
  std::vector<std::string> all_functions;
};

Symbolized SymbolizeStack(const internal::Stack& stack) {
  Symbolized out;
  for (int i = 0; i < stack.depth; ++i) {
    for (internal::Frame& frame : internal::SymbolizeInlined(stack.frames[i])) {
      out.all_functions.push_back(frame.function);
      out.frames.push_back(std::move(frame));
    }
  }
  // Drop the frames above the creating call: the probe's own
  // pthread_create and, under a sanitizer, its interceptors (of
  // pthread_create, and of backtrace itself).
  size_t first = 0;
  while (first < out.frames.size()) {
    const internal::Frame& top = out.frames[first];
    const std::string& f = top.function;
    // The probe's pthread_create (in libconc_probe.so, or in the program
    // when the static probe is linked).
    bool ours = f == "pthread_create";
    if (ours || f.find("__interceptor_") != std::string::npos || f.rfind("__sanitizer::", 0) == 0 ||
        f.rfind("__tsan::", 0) == 0 || f.rfind("__asan::", 0) == 0 || f == "backtrace") {
      ++first;
    } else {
      break;
    }
  }
  out.frames.erase(out.frames.begin(), out.frames.begin() + static_cast<std::ptrdiff_t>(first));
  // Drop the frames below the thread's entry (clone, start_thread, the
  // probe's trampoline) only at the bottom: they say nothing.
  while (!out.frames.empty()) {
    const internal::Frame& last = out.frames.back();
    const std::string& f = last.function;
    if (IsRuntimeModule(last.module) || f == "_start" || f.find("clone") != std::string::npos ||
        f == "start_thread" || f.find("Trampoline") != std::string::npos) {
      out.frames.pop_back();
    } else {
      break;
    }
  }
  return out;
}

// Whether the thread blocks every asynchronous signal, as a runtime's own
// helper threads do (a sanitizer's, started with its own pthread_create).
// Not the synchronous signals nor SIGPIPE, which LLVM's sanitizers leave
// unblocked.
bool BlocksAsyncSignals(const detail::KernelThreadInfo& info) {
  for (int signo : {SIGURG, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM, SIGCHLD}) {
    if (!detail::Blocks(info.blocked_signals, signo)) return false;
  }
  return true;
}

bool HasRecord(pid_t tid) {
  bool found = false;
  detail::ForEachRecord([&](const detail::ThreadRecordView& r) { found = found || r.tid == tid; });
  return found;
}

const internal::Frame* FirstUserFrame(const Symbolized& s) {
  for (const internal::Frame& frame : s.frames) {
    if (!IsLibraryFrame(frame)) return &frame;
  }
  return nullptr;
}

struct RecordCopy {
  pid_t creator;
  std::uint64_t serial;
  internal::Stack creation;
};

class Finder {
 public:
  explicit Finder(const Config& config)
      : config_(config),
        self_(detail::CurrentTid()),
        ignore_names_(config.Globs(detail::Filter::Over::kThreadName)),
        ignore_created_by_(config.Globs(detail::Filter::Over::kCreationStack)),
        ignore_top_(config.Globs(detail::Filter::Over::kTopFunction)),
        ignore_traits_(config.Globs(detail::Filter::Over::kThreadTrait)) {
    if (config_.baselines.empty()) baselines_.push_back(Snapshot::AtLoad());
    for (const Snapshot& s : config_.baselines) baselines_.push_back(s);
  }

  // Threads alive now that are in no baseline; records for them.
  std::vector<pid_t> NewThreads() {
    std::vector<pid_t> alive = detail::ListThreads();
    serials_.clear();
    bool any_record = detail::ThreadsCreated() != 0;
    if (any_record) {
      detail::ForEachRecord([&](const detail::ThreadRecordView& r) {
        serials_[r.tid] = r.serial;
      });
    }
    std::vector<pid_t> fresh;
    for (pid_t tid : alive) {
      if (tid == self_) continue;
      std::uint64_t serial = 0;
      if (auto it = serials_.find(tid); it != serials_.end()) serial = it->second;
      bool in_baseline = false;
      for (const Snapshot& s : baselines_) {
        // In the snapshot, and not a newer thread that reuses the id.
        if (s.Contains(tid) && serial <= Config::Created(s)) {
          in_baseline = true;
          break;
        }
      }
      if (!in_baseline) fresh.push_back(tid);
    }
    return fresh;
  }

  // The threads of `fresh` that no ignore option covers, described as far
  // as this round needs (the final round describes them fully).
  std::vector<LeakedThread> Examine(const std::vector<pid_t>& fresh, bool final_round) {
    std::vector<LeakedThread> leaks;
    if (fresh.empty()) return leaks;
    std::unordered_map<pid_t, RecordCopy> records;
    detail::ForEachRecord([&](const detail::ThreadRecordView& r) {
      if (std::binary_search(fresh.begin(), fresh.end(), r.tid)) {
        auto [it, inserted] = records.try_emplace(r.tid);
        if (inserted || r.serial > it->second.serial) {
          it->second.creator = r.creator_tid;
          it->second.serial = r.serial;
          it->second.creation = *r.creation;
        }
      }
    });
    for (pid_t tid : fresh) {
      detail::KernelThreadInfo info = detail::ReadThreadInfo(tid);
      if (!info.exists || info.state == 'Z' || info.state == 'X') continue;  // gone
      if (Matches(ignore_names_, info.name)) continue;
      LeakedThread leak;
      leak.tid = tid;
      leak.name = info.name;
      leak.state = info.state;
      leak.state_name = detail::StateName(info.state);
      leak.wait_channel = info.wait_channel;
      // Creation-stack filters (under a sanitizer, the built-in one for its
      // runtime's threads) are applied in every round.
      bool need_creation = final_round || !ignore_created_by_.empty();
      auto it = records.find(tid);
      // The trait filters: a thread that is still starting also blocks
      // every asynchronous signal (glibc and the sanitizers block them
      // until the thread is set up). Its record is linked before it starts
      // and gets its id before the pending count drops; so, asked after
      // reading the mask: no pending start and still no record with its id
      // means the probe never saw it created.
      if (it == records.end() && !ignore_traits_.empty() && BlocksAsyncSignals(info) &&
          detail::PendingStarts() == 0 && !HasRecord(tid) &&
          Matches(ignore_traits_, std::string(detail::kTraitRuntimeHelper))) {
        continue;
      }
      if (it != records.end() && need_creation) {
        Symbolized created = SymbolizeStack(it->second.creation);
        bool ignored = false;
        for (const std::string& function : created.all_functions) {
          if (Matches(ignore_created_by_, function)) ignored = true;
        }
        if (ignored) continue;
        leak.creator_tid = it->second.creator;
        for (const internal::Frame& frame : created.frames) {
          leak.creation_stack.push_back(ToStackFrame(frame));
        }
        if (const internal::Frame* user = FirstUserFrame(created)) {
          leak.created_by = ToStackFrame(*user);
        }
      }
      bool need_current = !ignore_top_.empty() || (final_round && config_.current_stacks);
      if (need_current) {
        internal::Stack now;
        std::string why;
        auto started = std::chrono::steady_clock::now();
        bool captured = false;
        if (stack_time_spent_ >= kStackBudget) {
          why = "skipped: this check already spent " + std::to_string(kStackBudget.count() / 1000) +
                " s waiting for threads to answer";
        } else if (detail::Blocks(info.blocked_signals, SIGURG)) {
          // It would not answer: say so without waiting for it.
          why = "the thread blocks SIGURG";
        } else {
          captured = detail::CaptureThreadStack(tid, now, kStackTimeout, why);
          stack_time_spent_ += std::chrono::steady_clock::now() - started;
        }
        if (captured) {
          Symbolized current = SymbolizeStack(now);
          const internal::Frame* top = FirstUserFrame(current);
          if (top != nullptr && Matches(ignore_top_, top->function)) continue;
          for (const internal::Frame& frame : current.frames) {
            leak.current_stack.push_back(ToStackFrame(frame));
          }
        } else {
          leak.current_stack_missing = why;
        }
      } else if (final_round) {
        leak.current_stack_missing = "current stacks are turned off";
      }
      leaks.push_back(std::move(leak));
    }
    return leaks;
  }

  bool AnyWithoutRecord(const std::vector<pid_t>& fresh) const {
    for (pid_t tid : fresh) {
      if (serials_.find(tid) == serials_.end()) return true;
    }
    return false;
  }

  std::vector<LeakedThread> Run() {
    auto deadline = std::chrono::steady_clock::now() + config_.max_wait;
    std::chrono::microseconds pause = kFirstRetry;
    bool cheap_filters_only = ignore_top_.empty() && ignore_created_by_.empty() &&
                              ignore_names_.empty() && ignore_traits_.empty();
    for (;;) {
      std::vector<pid_t> fresh = NewThreads();
      if (fresh.empty()) return {};
      if (!cheap_filters_only) {
        // Some threads may be ignored: check that something is left before
        // waiting for it.
        if (Examine(fresh, /*final_round=*/false).empty()) return {};
      }
      auto now = std::chrono::steady_clock::now();
      if (now >= deadline) break;
      auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline - now);
      auto sleep = std::min(pause, left);
      timespec ts = {static_cast<time_t>(sleep.count() / 1'000'000),
                     static_cast<long>(sleep.count() % 1'000'000) * 1000};
      nanosleep(&ts, nullptr);
      pause = std::min(pause * 2, kLongestRetry);
    }
    // A thread can be in /proc before it has run far enough to put its id
    // in its record. While some creations are under way and some new
    // thread has no record, give them a moment (they are runnable, only not
    // scheduled yet), so that every report has its creation stack.
    auto settle = std::chrono::steady_clock::now() + kSettleTime;
    while (std::chrono::steady_clock::now() < settle && detail::PendingStarts() > 0 &&
           AnyWithoutRecord(NewThreads())) {
      timespec ts = {0, 200'000};
      nanosleep(&ts, nullptr);
    }
    return Examine(NewThreads(), /*final_round=*/true);
  }

 private:
  const Config& config_;
  std::chrono::steady_clock::duration stack_time_spent_{};
  pid_t self_;
  std::vector<std::string> ignore_names_, ignore_created_by_, ignore_top_, ignore_traits_;
  std::vector<Snapshot> baselines_;
  std::unordered_map<pid_t, std::uint64_t> serials_;
};

void AppendStack(std::string& text, const std::vector<StackFrame>& stack) {
  char number[16];
  for (size_t i = 0; i < stack.size(); ++i) {
    std::snprintf(number, sizeof number, "    #%zu ", i);
    text += number;
    text += stack[i].ToString();
    text += '\n';
  }
}

}  // namespace

bool Snapshot::Contains(pid_t tid) const {
  return std::binary_search(tids_.begin(), tids_.end(), tid);
}

Snapshot Snapshot::Take() {
  // Ids first, then the counter: a thread created in between has a serial
  // at most the counter but is not in the ids, so it counts as new.
  std::vector<pid_t> tids = detail::ListThreads();
  return Config::Make(std::move(tids), detail::ThreadsCreated());
}

Snapshot Snapshot::AtLoad() {
  // Counter 0: every thread created through the probe is new, also one that
  // a static initializer started before the probe's constructor ran.
  return Config::Make(detail::ThreadsAtLoad(), 0);
}

Option IgnoreCurrent() { return IgnoreSnapshot(Snapshot::Take()); }
Option IgnoreSnapshot(Snapshot snapshot) {
  return Option([s = std::move(snapshot)](Config& c) { c.baselines.push_back(s); });
}
Option IgnoreThreadName(std::string glob) {
  return Option([g = std::move(glob)](Config& c) {
    c.filters.push_back(detail::Filter{detail::Filter::Over::kThreadName, g, "IgnoreThreadName()"});
  });
}
Option IgnoreCreatedBy(std::string glob) {
  return Option([g = std::move(glob)](Config& c) {
    c.filters.push_back(detail::Filter{detail::Filter::Over::kCreationStack, g, "IgnoreCreatedBy()"});
  });
}
Option IgnoreTopFunction(std::string glob) {
  return Option([g = std::move(glob)](Config& c) {
    c.filters.push_back(detail::Filter{detail::Filter::Over::kTopFunction, g, "IgnoreTopFunction()"});
  });
}
Option MaxWait(std::chrono::milliseconds max_wait) {
  return Option([max_wait](Config& c) { c.max_wait = max_wait; });
}
Option CurrentStacks(bool enabled) {
  return Option([enabled](Config& c) { c.current_stacks = enabled; });
}

std::string StackFrame::ToString() const {
  std::string text = function.empty() ? "??" : function;
  if (!file.empty()) {
    text += " at ";
    text += file;
    if (line > 0) text += ":" + std::to_string(line);
  }
  return text;
}

std::string Report::ToString() const {
  if (threads_.empty()) return "";
  std::string text = "conc-probe: found " + std::to_string(threads_.size()) + " unexpected thread" +
                     (threads_.size() == 1 ? "" : "s") + ":\n";
  for (const LeakedThread& t : threads_) {
    text += "\nthread " + std::to_string(t.tid) + " \"" + t.name + "\", " + t.state_name + " (" +
            std::string(1, t.state) + ")";
    if (!t.wait_channel.empty()) text += " in " + t.wait_channel;
    text += "\n";
    if (!t.created_by.function.empty()) {
      text += "  created by " + t.created_by.ToString() + "\n";
    }
    if (!t.creation_stack.empty()) {
      text += "  creation stack (in thread " + std::to_string(t.creator_tid) + "):\n";
      AppendStack(text, t.creation_stack);
    } else if (t.creator_tid != 0) {
      text += "  creation stack: not recorded (CONC_PROBE_CREATION_STACKS=0), created in thread " +
              std::to_string(t.creator_tid) + "\n";
    } else {
      text += "  creation stack: unknown (not created through pthread_create while the probe "
              "was loaded)\n";
    }
    if (!t.current_stack.empty()) {
      text += "  current stack:\n";
      AppendStack(text, t.current_stack);
    } else if (!t.current_stack_missing.empty()) {
      text += "  current stack: unavailable: " + t.current_stack_missing + "\n";
    }
  }
  return text;
}

Report FindWith(std::span<const Option> options) {
  const detail::ProbeSettings& settings = detail::Settings();
  Config config;
  for (const detail::Filter& filter : settings.filters) {
    if (filter.builtin) config.filters.push_back(filter);
  }
  config.max_wait = settings.max_wait;
  config.current_stacks = settings.current_stacks;
  for (const Option& option : options) option.ApplyTo(config);
  return Report(Finder(config).Run());
}

bool VerifyNoneWith(std::span<const Option> options) {
  Report report = FindWith(options);
  if (report.empty()) return true;
  std::string text = report.ToString();
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
  return false;
}

Mode ModeFromEnvironment() {
  switch (detail::Settings().mode) {
    case detail::ProbeSettings::Mode::kOff: return Mode::kOff;
    case detail::ProbeSettings::Mode::kEndOfSuite: return Mode::kEndOfSuite;
    case detail::ProbeSettings::Mode::kEveryTest: return Mode::kEveryTest;
  }
  return Mode::kEveryTest;
}

std::vector<Option> OptionsFromEnvironment() {
  const detail::ProbeSettings& settings = detail::Settings();
  std::vector<Option> options;
  // The environment's thread filters, as they are (their origin names the
  // variable); the built-in ones FindWith adds itself, the lock-site ones
  // are the lock reports' (lock_report.cpp).
  for (const detail::Filter& filter : settings.filters) {
    if (filter.builtin || filter.over == detail::Filter::Over::kLockSite) continue;
    options.push_back(Option([filter](Config& c) { c.filters.push_back(filter); }));
  }
  return options;
}

int VerifyTestMain(int tests_exit_code) {
  int code = tests_exit_code;
  if (LockFindingCount() > 0) {
    std::fprintf(stderr, "conc-probe: %zu lock-order or lock-misuse report%s (see above)\n",
                 LockFindingCount(), LockFindingCount() == 1 ? "" : "s");
    if (code == 0) code = 1;
  }
  if (ModeFromEnvironment() == Mode::kOff) return code;
  std::vector<Option> options = OptionsFromEnvironment();
  if (VerifyNoneWith(options)) return code;
  std::fprintf(stderr, "conc-probe: threads outlived the test suite (see above)\n");
  return code != 0 ? code : 1;
}

}  // namespace conc::probe
