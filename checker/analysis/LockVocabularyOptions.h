//===--- LockVocabularyOptions.h - conc-tidy --------------------*- C++ -*-===//
//
// Part of conc. The lock vocabulary options that conc-manual-lock and
// conc-lock-order share (`LockFunctions`, `UnlockFunctions`), read and
// stored in one place, so that one option name means one thing in both.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_LOCKVOCABULARYOPTIONS_H
#define CONC_CHECKER_ANALYSIS_LOCKVOCABULARYOPTIONS_H

#include "analysis/LockFlow.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/utils/OptionsUtils.h"

namespace clang::tidy::conc::analysis {

/// Reads `LockFunctions` and `UnlockFunctions` (semicolon-separated
/// qualified names; none by default). The names point into the check's
/// options, which outlive the check.
inline analysis::LockVocabulary
readLockVocabulary(ClangTidyCheck::OptionsView &Options) {
  analysis::LockVocabulary Vocabulary;
  Vocabulary.LockFunctions =
      utils::options::parseStringList(Options.get("LockFunctions", ""));
  Vocabulary.UnlockFunctions =
      utils::options::parseStringList(Options.get("UnlockFunctions", ""));
  return Vocabulary;
}

inline void storeLockVocabulary(ClangTidyCheck::OptionsView &Options,
                                ClangTidyOptions::OptionMap &Opts,
                                const analysis::LockVocabulary &Vocabulary) {
  using utils::options::serializeStringList;
  Options.store(Opts, "LockFunctions",
                serializeStringList(Vocabulary.LockFunctions));
  Options.store(Opts, "UnlockFunctions",
                serializeStringList(Vocabulary.UnlockFunctions));
}

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_LOCKVOCABULARYOPTIONS_H
