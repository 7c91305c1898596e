//===--- Progress.h - conc-tidy ----------------------------------*- C++ -*-===//
//
// Part of conc. How far a CI run is: one line redrawn in place on a terminal
// (done/total, findings so far, elapsed, time left, current file), plain
// lines when stderr is a log.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_DRIVER_PROGRESS_H
#define CONC_CHECKER_DRIVER_PROGRESS_H

#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <string>

namespace clang::tidy::conc {

class Progress {
public:
  Progress(llvm::raw_ostream &OS, size_t Total, bool Interactive);
  void started(const std::string &File);
  /// `FindingsSoFar` counts each finding once, however many units saw it.
  void finished(const std::string &File, size_t FindingsInFile,
                size_t FindingsSoFar, double Seconds, bool Cached,
                const std::string &Problem);
  /// Clears the line on a terminal.
  void done();

private:
  void redraw();
  llvm::raw_ostream &OS;
  size_t Total, Done = 0, Findings = 0;
  bool Interactive;
  std::string Current;
  std::chrono::steady_clock::time_point Start;
};

} // namespace clang::tidy::conc

#endif // CONC_CHECKER_DRIVER_PROGRESS_H
