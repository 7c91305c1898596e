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

struct ProbeSettings {
  // CONC_PROBE=off|end|test (default test).
  enum class Mode { kOff, kEndOfSuite, kEveryTest } mode = Mode::kEveryTest;
  std::chrono::milliseconds max_wait{1000};    // CONC_PROBE_MAX_WAIT_MS, 0..600000
  bool current_stacks = true;                  // CONC_PROBE_CURRENT_STACKS=0 turns off
  bool creation_stacks = true;                 // CONC_PROBE_CREATION_STACKS=0 turns off
  bool locks = false;                          // CONC_PROBE_LOCKS=1 turns on
  bool lock_stats = false;                     // CONC_PROBE_LOCKS_STATS=1: graph size at exit
  // Newline-separated shell globs.
  std::vector<std::string> ignore_names;       // CONC_PROBE_IGNORE_NAMES: thread names
  std::vector<std::string> ignore_created_by;  // CONC_PROBE_IGNORE_CREATED_BY: creation frames
  std::vector<std::string> ignore_top;         // CONC_PROBE_IGNORE_TOP: current top function
  std::vector<std::string> ignore_lock_sites;  // CONC_PROBE_IGNORE_LOCK_SITE: acquisition frames
};

// The settings; exits with status 2 and a message on a bad limit.
const ProbeSettings& Settings();

}  // namespace conc::probe::detail
