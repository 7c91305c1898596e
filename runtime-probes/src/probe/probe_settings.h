// The probe's settings from the environment, read once, in one place.
//
// Every CONC_PROBE_* variable the probe reads is parsed here, the first time
// any part of the probe asks (at the latest by the probe's constructors): a
// value that is not one the variable takes (a limit out of its range, a
// switch other than 0 or 1, an unknown filter name) is a clear message and
// exit status 2, since a misspelt setting silently replaced by a default
// would make a test pass or fail for the wrong reason. The filters (the
// built-in ones and the CONC_PROBE_IGNORE_* globs) are all of one kind:
// see filters.h.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "filters.h"

namespace conc::probe::detail {

struct ProbeSettings {
  // CONC_PROBE=off|end|test (default test; 0 is off).
  enum class Mode { kOff, kEndOfSuite, kEveryTest } mode = Mode::kEveryTest;
  std::chrono::milliseconds max_wait{1000};    // CONC_PROBE_MAX_WAIT_MS, 0..600000
  bool current_stacks = true;                  // CONC_PROBE_CURRENT_STACKS=0|1
  bool creation_stacks = true;                 // CONC_PROBE_CREATION_STACKS=0|1
  bool locks = false;                          // CONC_PROBE_LOCKS=0|1
  bool lock_stats = false;                     // CONC_PROBE_LOCKS_STATS=1: graph size at exit
  std::string locks_json;                      // CONC_PROBE_LOCKS_JSON=FILE: findings at exit
  // `conc-probe run`'s check at exit: CONC_PROBE_RUN_PID (a process id) and
  // CONC_PROBE_REPORT (the file for the launcher); 0 and empty otherwise.
  pid_t run_pid = 0;
  std::string run_report;
  // The wait-for dump (wait_for_dump.cpp): CONC_PROBE_WAITFOR_JSON=FILE turns
  // it on; CONC_PROBE_WAITFOR_AFTER_MS (0..600000, default 0) after load, it
  // waits up to CONC_PROBE_WAITFOR_SETTLE_MS (0..600000, default 1000) for
  // every thread to block, writes FILE and ends the process with status 124.
  std::string waitfor_json;
  std::chrono::milliseconds waitfor_after{0};
  std::chrono::milliseconds waitfor_settle{1000};
  // The built-in filters not turned off by CONC_PROBE_DISABLE_FILTERS
  // (comma-separated names), then the newline-separated globs of
  // CONC_PROBE_IGNORE_NAMES, _CREATED_BY, _TOP and _LOCK_SITE.
  std::vector<Filter> filters;
  bool show_filters = false;                   // CONC_PROBE_SHOW_FILTERS=1: print them at load

  std::vector<std::string> Globs(Filter::Over over) const { return GlobsOver(filters, over); }
};

// The settings; exits with status 2 and a message on a bad value.
const ProbeSettings& Settings();

}  // namespace conc::probe::detail
