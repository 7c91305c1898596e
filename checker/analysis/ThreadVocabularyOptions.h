//===--- ThreadVocabularyOptions.h - conc-tidy ------------------*- C++ -*-===//
//
// Part of conc. The options every thread-aware check shares: which types and
// functions start threads, read and stored the same way by each check.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_THREADVOCABULARYOPTIONS_H
#define CONC_CHECKER_ANALYSIS_THREADVOCABULARYOPTIONS_H

#include "analysis/ThreadBodies.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/utils/OptionsUtils.h"

namespace clang::tidy::conc {

/// Reads `ThreadTypes`, `AsyncFunctions`, `TaskGroupTypes` and
/// `AutoJoiningTypes` (each a semicolon-separated list of qualified names).
inline ThreadStartVocabulary
readThreadVocabulary(ClangTidyCheck::OptionsView &Options) {
  ThreadStartVocabulary Vocabulary;
  Vocabulary.ThreadTypes = utils::options::parseStringList(
      Options.get("ThreadTypes", "::std::thread;::std::jthread"));
  Vocabulary.AsyncFunctions = utils::options::parseStringList(
      Options.get("AsyncFunctions", "::std::async"));
  Vocabulary.TaskGroupTypes = utils::options::parseStringList(
      Options.get("TaskGroupTypes", "::conc::ErrGroup"));
  Vocabulary.AutoJoiningTypes = utils::options::parseStringList(
      Options.get("AutoJoiningTypes", "::std::jthread;::std::future"));
  return Vocabulary;
}

inline void storeThreadVocabulary(ClangTidyCheck::OptionsView &Options,
                                  ClangTidyOptions::OptionMap &Opts,
                                  const ThreadStartVocabulary &Vocabulary) {
  using utils::options::serializeStringList;
  Options.store(Opts, "ThreadTypes", serializeStringList(Vocabulary.ThreadTypes));
  Options.store(Opts, "AsyncFunctions",
                serializeStringList(Vocabulary.AsyncFunctions));
  Options.store(Opts, "TaskGroupTypes",
                serializeStringList(Vocabulary.TaskGroupTypes));
  Options.store(Opts, "AutoJoiningTypes",
                serializeStringList(Vocabulary.AutoJoiningTypes));
}

} // namespace clang::tidy::conc

#endif // CONC_CHECKER_ANALYSIS_THREADVOCABULARYOPTIONS_H
