// conc/probe/probe.h: find threads that outlive the code that started them.
//
// Go's rule is that every goroutine has an owner and a way to stop; goleak
// checks it at test teardown. This is the same check for C++ threads: take a
// Snapshot before the code under test, call VerifyNone() (or Find()) after
// it, and every thread alive now that was not alive then is a leak, reported
// with its name, kernel state, where it was created and where it is now.
//
//   TEST(Server, StopsItsWorkers) {
//     conc::probe::Snapshot before = conc::probe::Snapshot::Take();
//     { Server server; server.Start(); }
//     EXPECT_TRUE(conc::probe::VerifyNone(conc::probe::IgnoreSnapshot(before)));
//   }
//
// Most tests need none of this: link `conc::probe_main` (or install
// conc::probe::LeakListener from conc/probe/gtest.h) and every test is checked.
//
// Rules and guarantees:
//  - Threads are those of /proc/self/task: every thread of the process, not
//    only std::thread. The thread calling Find/VerifyNone is never reported.
//  - Without a snapshot option, the baseline is the set of threads that were
//    alive when the probe was loaded and not created through pthread_create
//    after that (the main thread, in practice). Threads started by static
//    initializers are therefore leaks, as Go's "no goroutines in init()".
//  - A thread that is on its way out is not a leak: the check retries with
//    exponential backoff (10 µs doubling to 100 ms) up to MaxWait (1 s by
//    default, or CONC_PROBE_MAX_WAIT_MS) and reports only what is still there.
//  - Creation stacks come from the probe's own pthread_create, which wraps the
//    C library's (found with dlsym(RTLD_NEXT)) whether the probe is linked or
//    LD_PRELOADed. Threads created otherwise are reported without one.
//  - Current stacks are taken only for threads about to be reported, by
//    sending the thread SIGURG (ignored by default, as Go's preemption
//    signal); its handler is async-signal-safe and writes into a
//    preallocated buffer. A thread that does not answer in 250 ms is reported
//    without one. CurrentStacks(false) or CONC_PROBE_CURRENT_STACKS=0 turns
//    this off (the signal interrupts the thread's blocking call, which
//    correct code retries, but code that treats EINTR as an error may not).
#pragma once

#include <sys/types.h>

#include <array>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace conc::probe {

namespace detail {
struct Config;
}

// The threads alive at one moment. Cheap: a sorted list of thread ids plus
// the probe's creation counter, which tells a new thread that reuses an old
// thread's id from the old thread.
class Snapshot {
 public:
  // The threads alive now.
  static Snapshot Take();
  // The threads alive when the probe was loaded, minus those created through
  // pthread_create (e.g. by static initializers). The default baseline.
  static Snapshot AtLoad();

  std::size_t size() const { return tids_.size(); }
  bool Contains(pid_t tid) const;

 private:
  friend struct detail::Config;
  std::vector<pid_t> tids_;   // sorted
  std::uint64_t created_ = 0;  // threads created through the probe so far
};

// One option of Find/VerifyNone. Build them with the functions below.
class Option {
 public:
  explicit Option(std::function<void(detail::Config&)> apply) : apply_(std::move(apply)) {}
  void ApplyTo(detail::Config& config) const { apply_(config); }

 private:
  std::function<void(detail::Config&)> apply_;
};

// Ignore every thread alive now (goleak's IgnoreCurrent).
Option IgnoreCurrent();
// Ignore the threads of `snapshot`. Several snapshots add up.
Option IgnoreSnapshot(Snapshot snapshot);
// Ignore threads whose name (/proc/self/task/TID/comm, at most 15 bytes, set
// with pthread_setname_np) matches a shell glob, e.g. "grpc_*".
Option IgnoreThreadName(std::string glob);
// Ignore threads with a frame of their creation stack whose function matches
// a glob, e.g. "*ThreadPool::ThreadPool*" or "absl::*".
Option IgnoreCreatedBy(std::string glob);
// Ignore threads whose current top function matches a glob. The top function
// is the innermost frame outside the C and C++ runtime libraries (libc,
// libstdc++, libgcc_s, ld.so), so "*WorkQueue::WaitForWork*" matches a
// thread parked in that function's condition variable wait. Needs the
// current stack (see CurrentStacks).
Option IgnoreTopFunction(std::string glob);
// Longest time to wait for threads on their way out. Default 1 s.
Option MaxWait(std::chrono::milliseconds max_wait);
// Whether reports include each leaked thread's current stack. Default on.
Option CurrentStacks(bool enabled);

// One symbolized frame of a reported stack.
struct StackFrame {
  std::string function;  // demangled; "??" when unknown
  std::string file;      // source file, or the module when no debug info
  int line = 0;          // 0 when unknown
  std::string ToString() const;  // "function at file:line"
};

// A thread that outlived its baseline.
struct LeakedThread {
  pid_t tid = 0;
  std::string name;          // /proc/self/task/TID/comm
  char state = '?';          // /proc/self/task/TID/stat: R, S, D, T, ...
  std::string state_name;    // "sleeping", "running", ...
  std::string wait_channel;  // kernel function it sleeps in; empty when hidden
  // Where it was created. Empty when it was not created through the probe's
  // pthread_create (before the probe was loaded, or with a raw clone).
  std::vector<StackFrame> creation_stack;
  pid_t creator_tid = 0;
  // The function that created it: the first frame of the creation stack
  // outside the C/C++ runtime and std:: templates. Empty when unknown.
  StackFrame created_by;
  std::vector<StackFrame> current_stack;
  std::string current_stack_missing;  // why current_stack is empty
};

// The result of Find: the leaked threads, and the report text.
class Report {
 public:
  Report() = default;
  explicit Report(std::vector<LeakedThread> threads) : threads_(std::move(threads)) {}
  bool empty() const { return threads_.empty(); }
  const std::vector<LeakedThread>& threads() const { return threads_; }
  // goleak-like text: "found N unexpected threads:" then one block per thread.
  std::string ToString() const;

 private:
  std::vector<LeakedThread> threads_;
};

// Finds leaked threads, waiting up to MaxWait for threads on their way out.
Report FindWith(std::span<const Option> options);

template <std::convertible_to<Option>... Options>
Report Find(Options&&... options) {
  const std::array<Option, sizeof...(Options)> list{Option(std::forward<Options>(options))...};
  return FindWith(list);
}

// Find, then write the report to stderr if there is one. True when no thread
// leaked.
bool VerifyNoneWith(std::span<const Option> options);

template <std::convertible_to<Option>... Options>
bool VerifyNone(Options&&... options) {
  const std::array<Option, sizeof...(Options)> list{Option(std::forward<Options>(options))...};
  return VerifyNoneWith(list);
}

// goleak's VerifyTestMain: `return conc::probe::VerifyTestMain(RUN_ALL_TESTS());`
// checks against the load-time baseline after the whole suite, honouring
// CONC_PROBE=off, and returns the exit code (1 when threads leaked).
int VerifyTestMain(int tests_exit_code);

// The settings read from the environment (see docs/probe.md):
//   CONC_PROBE=off|end|test, CONC_PROBE_MAX_WAIT_MS, CONC_PROBE_CURRENT_STACKS,
//   CONC_PROBE_IGNORE_NAMES / _CREATED_BY / _TOP (newline-separated globs).
enum class Mode { kOff, kEndOfSuite, kEveryTest };
Mode ModeFromEnvironment();
// The options the environment adds to every check made by the listener,
// VerifyTestMain and `conc-probe run`.
std::vector<Option> OptionsFromEnvironment();

}  // namespace conc::probe
