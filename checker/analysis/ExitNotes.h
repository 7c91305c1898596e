//===--- ExitNotes.h - conc-tidy --------------------------------*- C++ -*-===//
//
// Part of conc. Which exits of one finding get a note. A function with
// twenty calls that may throw after a thread starts has twenty exception
// exits; twenty notes bury the one that matters. Every check that lists
// the exits of a finding chooses them here, so the rule is the same for all.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_EXITNOTES_H
#define CONC_CHECKER_ANALYSIS_EXITNOTES_H

#include "analysis/TrackedObjectFlow.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::conc::analysis {

/// The notes of one finding: the exits to note, in source order, and the
/// exception exits left out.
struct ExitNotePlan {
  llvm::SmallVector<const ExitEvent *, 8> Noted;
  /// How many more exits by an exception there are beyond those noted; when
  /// not zero, the check adds one note "and N more calls that may throw"
  /// at MoreAt (the first of them).
  unsigned MoreExceptional = 0;
  SourceLocation MoreAt;
};

/// The most notes about exits by an exception, per finding.
constexpr unsigned MaxExceptionNotes = 3;

/// Chooses the notes for \p Exits (exits of one object in \p Function), in
/// source order: at most one per source line; normal exits (returns, breaks,
/// scope ends) all kept; exits by an exception kept up to MaxExceptionNotes
/// and the rest counted.
ExitNotePlan planExitNotes(llvm::ArrayRef<const ExitEvent *> Exits,
                           const Decl &Function, const SourceManager &SM);

/// The format of the "N more" note, given the count as argument 0:
/// "and 4 more calls that may throw".
constexpr char MoreExceptionsNote[] = "and %0 more call%s0 that may throw";

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_EXITNOTES_H
