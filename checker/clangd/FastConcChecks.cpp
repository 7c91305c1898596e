//===--- FastConcChecks.cpp - conc-clangd ---------------------------------===//
//
// Part of conc. clangd 19 runs a clang-tidy check only if its latency is
// known to be low, unless the user relaxes `Diagnostics: ClangTidy:
// FastCheckFilter` in .clangd. It knows latencies from a table compiled into
// clangd (TidyFastChecks.inc), read by clang::clangd::isFastTidyCheck. Our
// checks are not in that table, so under the default filter (Strict) a
// project whose .clang-tidy enables conc-* would see nothing.
//
// conc-clangd is linked with --wrap for that function (see CMakeLists.txt):
// every caller in clangd (ParsedAST's filter, the .clangd validator) calls
// the function below, which answers for conc checks from our own measured
// table, ConcFastChecks.inc, in clangd's format, and asks clangd's table for
// every other check. The decision rule is clangd's (FAST below 8% overhead
// on an editor-sized file, see docs/editors.md for the measurement).
//
//===----------------------------------------------------------------------===//

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

// clangd's own answer, for every check that is not ours (external: the
// linker binds it to the original function).
std::optional<bool> clangdIsFastTidyCheck(llvm::StringRef Check) asm(
    "__real__ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE");

// Replaces clang::clangd::isFastTidyCheck(llvm::StringRef) for its callers.
std::optional<bool> concIsFastTidyCheck(llvm::StringRef Check) asm(
    "__wrap__ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE");

std::optional<bool> concIsFastTidyCheck(llvm::StringRef Check) {
  static const llvm::StringMap<bool> ConcLatency = {
#define FAST(CHECK, DELTA) {#CHECK, true},
#define SLOW(CHECK, DELTA) {#CHECK, false},
#include "ConcFastChecks.inc"
  };
  if (auto It = ConcLatency.find(Check); It != ConcLatency.end())
    return It->second;
  return clangdIsFastTidyCheck(Check);
}
