//===--- CompileCommandAdjuster.h - conc-tidy --------------------*- C++ -*-===//
//
// Part of conc. The one place where conc-tidy changes compile commands before
// clang sees them, in both modes (pass-through and CI):
//
//  * flags only GCC knows are dropped (or translated to clang's spelling)
//    from a maintained table; a flag the table misses that clang's driver
//    rejects as an "unknown argument" is dropped too (one retry);
//  * -Werror, -Werror=..., -pedantic-errors and -Wfatal-errors are dropped,
//    and clang's warnings that are errors by default but GCC only warns
//    about are kept warnings: a warning never makes a unit "not compile";
//  * with --query-driver=GLOB, a GCC driver matching GLOB is asked for its
//    system include folders and target (clangd's option, clangd's meaning).
//
// Never dropped: flags that change what the code means (-D, -U, -I,
// -isystem, -include, -std, -x, --target and the -m flags clang knows).
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_DRIVER_COMPILECOMMANDADJUSTER_H
#define CONC_CHECKER_DRIVER_COMPILECOMMANDADJUSTER_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::conc {

/// What the adjuster did to one compile command.
struct FlagChanges {
  /// Flags removed, as written (`-fipa-pta`, `-Werror`).
  std::vector<std::string> Dropped;
  /// Flags replaced by clang's spelling: `-fmax-errors=5 -> -ferror-limit=5`.
  std::vector<std::string> Translated;
  /// Added by --query-driver: the number of system folders and the target.
  unsigned SystemIncludesAdded = 0;
  std::string TargetAdded;

  bool droppedOrTranslated() const {
    return !Dropped.empty() || !Translated.empty();
  }
  /// "dropped -fipa-pta, -Werror; translated -fmax-errors=5 -> -ferror-limit=5"
  std::string describe() const;
};

class CompileCommandAdjuster {
public:
  /// QueryDriverGlobs: clangd's --query-driver list (`/usr/bin/g++*`);
  /// `*` does not cross a `/`, `**` does.
  explicit CompileCommandAdjuster(std::vector<std::string> QueryDriverGlobs);

  /// Adjusts CommandLine (argv[0] is the compiler) in place. Directory is
  /// the command's working folder (to find a relative driver).
  FlagChanges adjust(std::vector<std::string> &CommandLine,
                     llvm::StringRef Directory);

private:
  struct DriverFacts {
    std::vector<std::string> SystemIncludes;
    std::string Target;
  };
  const DriverFacts *queryDriver(const std::vector<std::string> &CommandLine,
                                 llvm::StringRef Directory);

  std::vector<std::string> QueryDriverRegexes;
  std::map<std::string, std::optional<DriverFacts>> DriverCache;
};

/// The compile commands clang-tidy will use, adjusted.
struct AdjustedCommands {
  /// A folder with the adjusted compile_commands.json (for `-p`); empty
  /// when there is no database (fixed flags after `--`, or none found).
  std::string DatabaseDir;
  /// The adjusted flags after `--`, when the command line had them.
  std::optional<std::vector<std::string>> FixedArgs;
  /// Per absolute source path: what was changed.
  std::map<std::string, FlagChanges> Changes;
  /// Per absolute source path: why its compile command cannot be used (it
  /// is not in the adjusted database; clang would abort on it).
  std::map<std::string, std::string> UnusableUnits;
};

/// Finds the compile commands clang-tidy would use for Sources (the
/// database of `-p`, the flags after `--`, or the database above the first
/// source), adjusts them, and writes them to WorkDir. Returns an error
/// message for a database that cannot be read.
std::optional<std::string>
adjustCompileCommands(const std::vector<std::string> &TidyArgs,
                      const std::vector<std::string> &Sources,
                      llvm::StringRef WorkDir,
                      CompileCommandAdjuster &Adjuster, AdjustedCommands &Out);

/// TidyArgs with `-p` pointing at the adjusted database and the flags after
/// `--` replaced by the adjusted ones.
std::vector<std::string>
withAdjustedCommands(const std::vector<std::string> &TidyArgs,
                     const AdjustedCommands &Adjusted);

} // namespace clang::tidy::conc

#endif // CONC_CHECKER_DRIVER_COMPILECOMMANDADJUSTER_H
