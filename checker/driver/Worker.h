//===--- Worker.h - conc-tidy ------------------------------------*- C++ -*-===//
//
// Part of conc. One translation unit of a CI run, in its own process: look
// the unit up in the result cache, else run clang-tidy on it and store the
// result. The coordinator starts `conc-tidy --conc-worker ...` once per unit.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_DRIVER_WORKER_H
#define CONC_CHECKER_DRIVER_WORKER_H

#include <string>
#include <vector>

namespace clang::tidy::conc {

/// The hidden first argument that selects worker mode.
inline constexpr const char *WorkerFlag = "--conc-worker";

/// argv of a worker: conc-tidy --conc-worker CACHE_DIR|- SALT EXPORT_YAML
/// WORK_DIR followed by clang-tidy's arguments for exactly one source file.
/// WORK_DIR is the run's temporary folder (the adjusted compile commands
/// and configuration are in it): its name is not part of the cache key.
std::vector<std::string> workerCommandLine(const std::string &Self,
                                           const std::string &CacheDir,
                                           const std::string &Salt,
                                           const std::string &ExportPath,
                                           const std::string &WorkDir,
                                           const std::vector<std::string> &TidyArgs,
                                           const std::string &Source);

/// Runs worker mode; returns clang-tidy's exit code. On a cache hit the
/// export file is restored from the cache (absent when the unit was clean)
/// and EXPORT_YAML.cached is created.
int runWorker(const std::vector<std::string> &Args);

} // namespace clang::tidy::conc

#endif // CONC_CHECKER_DRIVER_WORKER_H
