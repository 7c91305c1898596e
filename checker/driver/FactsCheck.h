//===--- FactsCheck.h - conc-tidy --------------------------------*- C++ -*-===//
//
// Part of conc. The CI worker's facts collector, run by clang-tidy beside
// the checks as the hidden check `internal-conc-facts` (registered by
// conc-tidy's worker only: never in pass-through mode, never by the
// plugin): it reports nothing, and at the end of the unit writes the unit's
// facts (analysis/UnitFacts.h) to the path the worker set.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_DRIVER_FACTSCHECK_H
#define CONC_CHECKER_DRIVER_FACTSCHECK_H

#include <string>

namespace clang::tidy::conc {

/// The name the worker enables the collector by.
inline constexpr const char *FactsCheckName = "internal-conc-facts";

/// Registers the collector and sets where it writes the facts of the unit
/// being analysed. Called by the worker before it runs clang-tidy.
void setFactsOutputPath(const std::string &Path);

} // namespace clang::tidy::conc

#endif // CONC_CHECKER_DRIVER_FACTSCHECK_H
