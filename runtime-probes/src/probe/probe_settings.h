// The probe's settings from the environment, read once, in one place.
//
// Every CONC_PROBE_* variable is parsed here, the first time any part of the
// probe asks; a limit that is not a number in its range is a clear error and
// exit status 2 (a misspelt limit silently replaced by a default would make
// a test pass or fail for the wrong reason). The ignore lists are filters of
// one kind each: over a thread (its name, its creation stack, its current
// top function) or over a lock site (a function in an acquisition stack).
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace conc::probe::detail {

// An ignore option: a shell glob over one property of a thread, or over
// the functions of a lock acquisition's stacks.
struct Filter {
  enum class Over {
    kThreadName,     // /proc/self/task/TID/comm
    kCreationStack,  // any frame of the thread's creation stack
    kTopFunction,    // the thread's innermost frame outside the runtime
    kLockSite,       // any frame of a lock report's acquisition stacks
  };
  Over over;
  std::string glob;
};

struct ProbeSettings {
  // CONC_PROBE=off|end|test (default test).
  enum class Mode { kOff, kEndOfSuite, kEveryTest } mode = Mode::kEveryTest;
  std::chrono::milliseconds max_wait{1000};    // CONC_PROBE_MAX_WAIT_MS, 0..600000
  bool current_stacks = true;                  // CONC_PROBE_CURRENT_STACKS=0 turns off
  bool creation_stacks = true;                 // CONC_PROBE_CREATION_STACKS=0 turns off
  bool locks = false;                          // CONC_PROBE_LOCKS=1 turns on
  bool lock_stats = false;                     // CONC_PROBE_LOCKS_STATS=1: graph size at exit
  // The wait-for dump (wait_for_dump.cpp): CONC_PROBE_WAITFOR_JSON=PATH turns
  // it on; CONC_PROBE_WAITFOR_AFTER_MS (0..600000, default 0) after load, it
  // waits up to CONC_PROBE_WAITFOR_SETTLE_MS (0..600000, default 1000) for
  // every thread to block, writes PATH and ends the process with status 124.
  std::string waitfor_json;
  std::chrono::milliseconds waitfor_after{0};
  std::chrono::milliseconds waitfor_settle{1000};
  // From newline-separated globs in CONC_PROBE_IGNORE_NAMES (kThreadName),
  // _CREATED_BY (kCreationStack), _TOP (kTopFunction), _LOCK_SITE (kLockSite).
  std::vector<Filter> filters;

  std::vector<std::string> Globs(Filter::Over over) const {
    std::vector<std::string> out;
    for (const Filter& f : filters) {
      if (f.over == over) out.push_back(f.glob);
    }
    return out;
  }
};

// The settings; exits with status 2 and a message on a bad limit.
const ProbeSettings& Settings();

}  // namespace conc::probe::detail
