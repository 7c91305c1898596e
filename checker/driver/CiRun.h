//===--- CiRun.h - conc-tidy -------------------------------------*- C++ -*-===//
//
// Part of conc. conc-tidy in CI mode: select the translation units, lint
// them in parallel worker processes, merge and filter what they found, and
// report it. Exit codes: 0 no findings, 1 findings, 2 a tool or input error
// (which wins over findings).
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_DRIVER_CIRUN_H
#define CONC_CHECKER_DRIVER_CIRUN_H

#include "driver/CiOptions.h"

#include <string>

namespace clang::tidy::conc {

enum ExitCode { ExitClean = 0, ExitFindings = 1, ExitError = 2 };

int runCi(const CiOptions &Options, const std::string &Self);

} // namespace clang::tidy::conc

#endif // CONC_CHECKER_DRIVER_CIRUN_H
