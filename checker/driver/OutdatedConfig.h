//===--- OutdatedConfig.h - conc-tidy ----------------------------*- C++ -*-===//
//
// Part of conc. A .clang-tidy with a key clang-tidy 19 does not know (one
// that clang-tidy 18 removed, such as `AnalyzeTemporaryDtors`, or one of a
// newer clang-tidy) is rejected whole by clang-tidy, which then lints with
// its defaults: a project that enables conc-* there gets no finding and
// exit 0. conc-tidy drops the unknown keys instead, says so once per key
// and file, and lets clang-tidy read the rest: the .clang-tidy files are
// replaced through a virtual file system overlay (clang-tidy's
// --vfsoverlay), --config-file and --config by the repaired text.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_DRIVER_OUTDATEDCONFIG_H
#define CONC_CHECKER_DRIVER_OUTDATEDCONFIG_H

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::conc {

struct RepairedConfigs {
  /// One per unknown key: "FILE: unknown key 'K' ignored ...".
  std::vector<std::string> Warnings;
  /// Configurations that cannot be used even without their unknown keys
  /// (a YAML error, a value of the wrong type): "FILE:LINE:COL: message".
  std::vector<std::string> Unusable;
  /// The overlay that replaces repaired .clang-tidy files; empty if none.
  std::string OverlayPath;
  /// The repaired text of --config-file or --config, when it needed it.
  std::optional<std::string> CommandLineConfig;
};

/// Reads every configuration clang-tidy would read for Sources (each
/// .clang-tidy from a source's folder up to `/`, --config-file, --config)
/// and repairs those with unknown keys into WorkDir.
RepairedConfigs repairConfigs(const std::vector<std::string> &TidyArgs,
                              const std::vector<std::string> &Sources,
                              llvm::StringRef WorkDir);

/// TidyArgs reading the repaired configurations.
std::vector<std::string>
withRepairedConfigs(const std::vector<std::string> &TidyArgs,
                    const RepairedConfigs &Repaired);

} // namespace clang::tidy::conc

#endif // CONC_CHECKER_DRIVER_OUTDATEDCONFIG_H
