//===--- Reports.h - conc-tidy -----------------------------------*- C++ -*-===//
//
// Part of conc. A RunResult as text (clang's diagnostic style), as conc's
// JSON, or as SARIF 2.1.0 for GitHub code scanning; and JSON or SARIF read
// back, for --merge.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_DRIVER_REPORTS_H
#define CONC_CHECKER_DRIVER_REPORTS_H

#include "driver/CiOptions.h"
#include "driver/Findings.h"

#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>

namespace clang::tidy::conc {

/// Where a check is documented: docs/checks/<check>.md for conc's, LLVM's
/// pages for upstream checks.
std::string checkHelpUri(llvm::StringRef Check);
/// One sentence on what a check flags.
std::string checkDescription(llvm::StringRef Check);

/// WithFacts: the units' facts go into a JSON or SARIF report, so that
/// --merge can redo the whole-program analysis over shards.
void writeReport(const RunResult &Result, OutputFormat Format,
                 llvm::StringRef Root, SourceFiles &Sources,
                 llvm::raw_ostream &OS, bool WithFacts = true);

/// Reads a report written with --format=json or --format=sarif and appends
/// its findings (fingerprints kept), errors and facts. A report with facts
/// loses its whole-program findings: the merge finds them again over all
/// the facts.
std::optional<std::string> readReport(llvm::StringRef Path, RunResult &Result);

/// Writes `Contents` to `Path` through a temporary file and a rename, so
/// that a failed run never leaves a partial file.
std::optional<std::string> writeFileAtomically(llvm::StringRef Path,
                                               llvm::StringRef Contents);
/// Fails early, before any work, when `Path` could not be written.
std::optional<std::string> probeWritable(llvm::StringRef Path);

} // namespace clang::tidy::conc

#endif // CONC_CHECKER_DRIVER_REPORTS_H
