//===--- ThreadVocabularyOptions.h - conc-tidy ------------------*- C++ -*-===//
//
// Part of conc. The options every thread-aware check shares: which types and
// functions start threads, read and stored the same way by each check, so
// that one option name means one thing in every check.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_THREADVOCABULARYOPTIONS_H
#define CONC_CHECKER_ANALYSIS_THREADVOCABULARYOPTIONS_H

#include "analysis/ThreadBodies.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/utils/OptionsUtils.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::conc::analysis {

/// The defaults of the shared options (semicolon-separated qualified names).
inline constexpr char DefaultThreadTypes[] = "::std::thread;::std::jthread";
inline constexpr char DefaultAsyncFunctions[] = "::std::async";
inline constexpr char DefaultTaskGroupTypes[] = "::conc::ErrGroup";
inline constexpr char DefaultAutoJoiningTypes[] =
    "::std::jthread;::std::future";

/// `ThreadTypes`: types whose construction with a callable starts a thread.
inline std::vector<StringRef>
readThreadTypes(ClangTidyCheck::OptionsView &Options) {
  return utils::options::parseStringList(
      Options.get("ThreadTypes", DefaultThreadTypes));
}

/// `AutoJoiningTypes`: owners whose destructor waits for the thread.
inline std::vector<StringRef>
readAutoJoiningTypes(ClangTidyCheck::OptionsView &Options) {
  return utils::options::parseStringList(
      Options.get("AutoJoiningTypes", DefaultAutoJoiningTypes));
}

/// The thread types whose destructor calls std::terminate while the thread
/// is joinable: the ThreadTypes that are not AutoJoiningTypes.
inline std::vector<StringRef>
terminatingThreadTypes(llvm::ArrayRef<StringRef> ThreadTypes,
                       llvm::ArrayRef<StringRef> AutoJoiningTypes) {
  auto Bare = [](StringRef Name) { return Name.ltrim(':'); };
  std::vector<StringRef> Terminating;
  for (StringRef Type : ThreadTypes)
    if (llvm::none_of(AutoJoiningTypes,
                      [&](StringRef Joining) { return Bare(Joining) == Bare(Type); }))
      Terminating.push_back(Type);
  return Terminating;
}

/// Reads `ThreadTypes`, `AsyncFunctions`, `TaskGroupTypes` and
/// `AutoJoiningTypes` (each a semicolon-separated list of qualified names).
inline ThreadStartVocabulary
readThreadVocabulary(ClangTidyCheck::OptionsView &Options) {
  ThreadStartVocabulary Vocabulary;
  Vocabulary.ThreadTypes = readThreadTypes(Options);
  Vocabulary.AsyncFunctions = utils::options::parseStringList(
      Options.get("AsyncFunctions", DefaultAsyncFunctions));
  Vocabulary.TaskGroupTypes = utils::options::parseStringList(
      Options.get("TaskGroupTypes", DefaultTaskGroupTypes));
  Vocabulary.AutoJoiningTypes = readAutoJoiningTypes(Options);
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

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_THREADVOCABULARYOPTIONS_H
