//===--- ExitNotes.cpp - conc-tidy ----------------------------------------===//
//
// Part of conc. Which exits of one finding get a note.
//
//===----------------------------------------------------------------------===//

#include "ExitNotes.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::conc::analysis {

ExitNotePlan planExitNotes(llvm::ArrayRef<const ExitEvent *> Exits,
                           const Decl &Function, const SourceManager &SM) {
  ExitNotePlan Plan;
  // In source order, so that the notes read top to bottom and the first
  // calls that may throw are the ones shown.
  llvm::SmallVector<const ExitEvent *, 8> Sorted(Exits.begin(), Exits.end());
  llvm::stable_sort(Sorted, [&](const ExitEvent *A, const ExitEvent *B) {
    return SM.isBeforeInTranslationUnit(
        SM.getExpansionLoc(A->location(Function)),
        SM.getExpansionLoc(B->location(Function)));
  });
  // One note per line: a line with two calls that may throw (`a(b())`) or
  // a scope end and a return says the same thing twice.
  llvm::DenseSet<std::pair<unsigned, unsigned>> Lines;
  unsigned Exceptional = 0;
  for (const ExitEvent *Exit : Sorted) {
    SourceLocation At = SM.getExpansionLoc(Exit->location(Function));
    std::pair<FileID, unsigned> Decomposed = SM.getDecomposedLoc(At);
    std::pair<unsigned, unsigned> Line{Decomposed.first.getHashValue(),
                                       SM.getLineNumber(Decomposed.first,
                                                        Decomposed.second)};
    if (!Lines.insert(Line).second)
      continue;
    if (Exit->isExceptional() && Exceptional++ >= MaxExceptionNotes) {
      if (Plan.MoreExceptional++ == 0)
        Plan.MoreAt = Exit->location(Function);
      continue;
    }
    Plan.Noted.push_back(Exit);
  }
  return Plan;
}

} // namespace clang::tidy::conc::analysis
