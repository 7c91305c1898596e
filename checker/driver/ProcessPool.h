//===--- ProcessPool.h - conc-tidy -------------------------------*- C++ -*-===//
//
// Part of conc. Runs commands N at a time, each with its output in a log
// file and an optional time limit after which it is killed, not waited for.
// Processes, not threads: a crash or a hang in one translation unit costs
// that unit only.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_DRIVER_PROCESSPOOL_H
#define CONC_CHECKER_DRIVER_PROCESSPOOL_H

#include <functional>
#include <string>
#include <vector>

namespace clang::tidy::conc {

struct PoolJob {
  std::vector<std::string> Argv;
  std::string LogPath; // stdout and stderr of the job
};

struct PoolOutcome {
  int ExitCode = 0;       // valid when neither TimedOut nor Signal
  int Signal = 0;         // the signal that ended it, if any
  bool TimedOut = false;  // killed after the time limit
  bool SpawnFailed = false;
  double Seconds = 0;
};

/// Runs every job, at most `Parallel` at once; calls `OnStart` and `OnDone`
/// from the calling thread, in completion order.
void runPool(const std::vector<PoolJob> &Jobs, unsigned Parallel,
             double TimeoutSeconds,
             const std::function<void(size_t)> &OnStart,
             const std::function<void(size_t, const PoolOutcome &)> &OnDone);

} // namespace clang::tidy::conc

#endif // CONC_CHECKER_DRIVER_PROCESSPOOL_H
