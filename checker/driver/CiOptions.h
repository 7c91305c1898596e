//===--- CiOptions.h - conc-tidy ---------------------------------*- C++ -*-===//
//
// Part of conc. conc's CI flags (-j, --format, --baseline, ...) are read and
// removed from the command line before clang-tidy sees it; what remains is
// handed, unchanged, to clang-tidy (once per translation unit in CI mode).
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_DRIVER_CIOPTIONS_H
#define CONC_CHECKER_DRIVER_CIOPTIONS_H

#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::conc {

enum class OutputFormat { Text, Json, Sarif };

struct CiOptions {
  /// True when any conc CI flag was given, or `-p` without source files:
  /// then conc-tidy runs as the coordinator; otherwise it is plain clang-tidy.
  bool Enabled = false;

  unsigned Jobs = 0; // 0: one per core
  OutputFormat Format = OutputFormat::Text;
  std::string OutputPath;
  std::string BaselinePath;
  std::string WriteBaselinePath;
  unsigned ShardIndex = 0, ShardCount = 0; // 1-based index; 0: no sharding
  std::vector<std::string> MergeInputs;
  bool Merge = false;
  std::string ChangedSince;
  std::string DiffPath;
  std::string CacheDir;
  double TimeoutSeconds = 0; // 0: none
  std::string FilesRegex;
  std::string ExcludeRegex;
  std::string Root;
  /// --lock-graph=FILE.dot|FILE.svg: the project's lock-order graph.
  std::string LockGraphPath;
  std::optional<bool> Progress; // unset: on when stderr is a terminal
  /// --query-driver=GLOB[,GLOB]: GCC drivers that may be run to learn their
  /// system include folders and target. Used in both modes: it does not
  /// select CI mode.
  std::vector<std::string> QueryDriverGlobs;

  /// clang-tidy's part of the command line, without argv[0] and without the
  /// source files; `--` and the compiler arguments after it are kept.
  std::vector<std::string> TidyArgs;
  /// The source files named on the command line.
  std::vector<std::string> Sources;
  /// The value of -p, if given.
  std::string BuildPath;
};

/// Splits argv into conc's flags and clang-tidy's. Returns an error message
/// for a malformed conc flag (e.g. `--shard 3/2`, `--format=xml`).
std::optional<std::string> parseCiOptions(const std::vector<std::string> &Args,
                                          CiOptions &Options);

/// clang-tidy's options that take a value, which may also come as the next
/// argument (`-p build` as well as `-p=build`).
bool tidyOptionTakesValue(const std::string &Name);

} // namespace clang::tidy::conc

#endif // CONC_CHECKER_DRIVER_CIOPTIONS_H
