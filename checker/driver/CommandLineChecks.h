//===--- CommandLineChecks.h - conc-tidy ------------------------*- C++ -*-===//
//
// Part of conc. Mistakes on the command line that clang-tidy reports late,
// vaguely or not at all, turned into one clear error before any work starts.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_DRIVER_COMMANDLINECHECKS_H
#define CONC_CHECKER_DRIVER_COMMANDLINECHECKS_H

#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::conc {

/// Returns a one-line description of the first problem found, if any:
/// an enabling pattern in --checks that names no known check, a -p folder
/// without compile_commands.json, a source file that does not exist.
std::optional<std::string> checkCommandLine(const std::vector<std::string> &Args);

/// conc-tidy does not live beside clang's builtin headers (stddef.h, ...) as
/// the stock clang-tidy does; point the front end at them unless the user
/// did.
void addResourceDir(std::vector<std::string> &Args);

} // namespace clang::tidy::conc

#endif // CONC_CHECKER_DRIVER_COMMANDLINECHECKS_H
