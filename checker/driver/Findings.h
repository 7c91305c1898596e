//===--- Findings.h - conc-tidy ----------------------------------*- C++ -*-===//
//
// Part of conc. What a CI run found, independent of how it is printed:
// findings read back from clang-tidy's --export-fixes YAML, with line and
// column, and a fingerprint that survives unrelated edits.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_DRIVER_FINDINGS_H
#define CONC_CHECKER_DRIVER_FINDINGS_H

#include "analysis/UnitFacts.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::conc {

struct SourcePosition {
  std::string File; // absolute, or empty for a diagnostic without location
  unsigned Line = 0, Column = 0;
};

struct FindingNote {
  std::string Message;
  SourcePosition Where;
};

struct Finding {
  std::string Check;   // conc-cv-wait-predicate, clang-diagnostic-error, ...
  std::string Level;   // "warning" or "error"
  std::string Message;
  SourcePosition Where;
  std::vector<FindingNote> Notes;
  /// Hash of check, root-relative path, message, the text of the flagged
  /// line and its rank among identical ones: not of line numbers.
  std::string Fingerprint;
  /// Found by the whole-program analysis over every unit's facts (its
  /// notes are the path, across files): a merge recomputes it.
  bool WholeProgram = false;
};

/// A file that could not be analysed, or a problem with conc-tidy's input.
struct ToolError {
  std::string File; // may be empty
  std::string Message;
};

/// A unit whose compile command conc-tidy changed before clang saw it
/// (CompileCommandAdjuster): flags dropped and flags translated.
struct AdjustedUnit {
  std::string File; // absolute
  std::vector<std::string> Dropped;
  std::vector<std::string> Translated;
};

struct RunResult {
  std::vector<Finding> Findings;
  std::vector<ToolError> Errors;
  unsigned FilesAnalyzed = 0;
  unsigned FromCache = 0; // of FilesAnalyzed
  /// Database entries that are not C or C++ (assembly, ...): not linted.
  unsigned NotCOrCxx = 0;
  std::string ReportedRoot; // the root of the first report read by --merge
  /// Units whose compile command had flags dropped or translated.
  std::vector<AdjustedUnit> AdjustedUnits;
  /// Functions the checks did not analyse because clang reported errors in
  /// them (or in the unit, when they make its AST unreliable).
  unsigned FunctionsSkippedForErrors = 0;
  /// The facts of every analysed unit, for the whole-program findings.
  std::vector<analysis::UnitFacts> Facts;
  /// Units analysed without facts (a report merged from an older
  /// conc-tidy): whole-program findings are then incomplete.
  unsigned UnitsWithoutFacts = 0;
};

/// Reads source files once each, to turn byte offsets into lines.
class SourceFiles {
public:
  SourcePosition position(llvm::StringRef File, unsigned Offset);
  /// The text of a 1-based line, without its newline; empty if unknown.
  llvm::StringRef lineText(llvm::StringRef File, unsigned Line);

private:
  struct Lines {
    std::string Text;
    std::vector<unsigned> Starts; // offset of each line's first byte
  };
  const Lines *load(llvm::StringRef File);
  llvm::StringMap<std::unique_ptr<Lines>> Cache;
};

/// Appends the diagnostics of one --export-fixes YAML file. Compiler errors
/// (clang-diagnostic-error) become ToolErrors for that file.
std::optional<std::string> readExportedFixes(llvm::StringRef YamlPath,
                                             SourceFiles &Sources,
                                             RunResult &Result);

/// `File` relative to `Root` when it is inside it, else unchanged.
std::string relativeToRoot(llvm::StringRef File, llvm::StringRef Root);

/// Sorts by place, drops duplicates (a header's finding seen from several
/// translation units), and sets every finding's fingerprint.
void finalizeFindings(RunResult &Result, llvm::StringRef Root,
                      SourceFiles &Sources);

} // namespace clang::tidy::conc

#endif // CONC_CHECKER_DRIVER_FINDINGS_H
