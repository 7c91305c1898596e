//===--- FactsCheck.cpp - conc-tidy ---------------------------------------===//
//
// Part of conc.
//
//===----------------------------------------------------------------------===//

#include "driver/FactsCheck.h"

#include "analysis/ErrorRecovery.h"
#include "analysis/FactsCollector.h"
#include "analysis/LockVocabularyOptions.h"
#include "analysis/ThreadVocabularyOptions.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"
#include "clang-tidy/utils/OptionsUtils.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang::ast_matchers;

namespace clang::tidy::conc {
namespace {

std::string &factsOutputPath() {
  static std::string Path;
  return Path;
}

/// The checks whose whole-program findings the merge may report, when they
/// are enabled in the units concerned.
constexpr const char *WholeProgramChecks[] = {
    "conc-lock-order", "conc-manual-lock", "conc-unjoined-thread"};

class FactsCheck : public ClangTidyCheck {
public:
  FactsCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context), Context(*Context) {
    // Read through the checks' own option readers, as those checks see
    // them: conc-lock-order's lock vocabulary and conc-unjoined-thread's
    // thread types (the option strings live in the context's options).
    const ClangTidyOptions::OptionMap &Options =
        Context->getOptions().CheckOptions;
    OptionsView LockOrder("conc-lock-order", Options, Context);
    Vocab = analysis::readLockVocabulary(LockOrder);
    OptionsView Unjoined("conc-unjoined-thread", Options, Context);
    TerminatingTypes = analysis::terminatingThreadTypes(analysis::readThreadTypes(Unjoined),
                                              analysis::readAutoJoiningTypes(Unjoined));
  }

  void registerMatchers(MatchFinder *Finder) override {
    if (factsOutputPath().empty())
      return;
    Finder->addMatcher(functionDecl(isDefinition(), hasBody(stmt()),
                                    unless(isExpansionInSystemHeader()))
                           .bind("function"),
                       this);
    Finder->addMatcher(cxxRecordDecl(isDefinition(),
                                     unless(isExpansionInSystemHeader()))
                           .bind("record"),
                       this);
  }

  void check(const MatchFinder::MatchResult &Result) override {
    if (analysis::matchHasErrors(Result))
      return;
    if (!Collector || &Collector->context() != Result.Context)
      Collector =
          std::make_unique<Unit>(Vocab, TerminatingTypes, *Result.Context);
    if (const auto *Function =
            Result.Nodes.getNodeAs<FunctionDecl>("function"))
      Collector->Facts.addFunction(*Function);
    else if (const auto *Record =
                 Result.Nodes.getNodeAs<CXXRecordDecl>("record"))
      Collector->Facts.addRecord(*Record);
  }

  void onEndOfTranslationUnit() override {
    if (factsOutputPath().empty())
      return;
    analysis::UnitFacts Empty;
    analysis::UnitFacts &Facts = Collector ? Collector->Facts.facts() : Empty;
    Facts.EnabledChecks.clear();
    for (const char *Check : WholeProgramChecks)
      if (Context.isCheckEnabled(Check))
        Facts.EnabledChecks.push_back(Check);
    if (Facts.Unit.empty())
      Facts.Unit = Context.getCurrentFile().str();
    std::error_code EC;
    llvm::raw_fd_ostream OS(factsOutputPath(), EC);
    if (!EC)
      OS << analysis::serializeFacts(Facts);
    Collector.reset();
  }

private:
  struct Unit {
    Unit(const analysis::LockVocabulary &Vocab,
         std::vector<llvm::StringRef> ThreadTypes, ASTContext &AST)
        : AST(AST), Facts(Vocab, std::move(ThreadTypes), AST) {}
    ASTContext &context() const { return AST; }
    ASTContext &AST;
    analysis::FactsCollector Facts;
  };
  ClangTidyContext &Context;
  analysis::LockVocabulary Vocab;
  std::vector<llvm::StringRef> TerminatingTypes;
  std::unique_ptr<Unit> Collector;
};

class FactsModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    Factories.registerCheck<FactsCheck>(FactsCheckName);
  }
};

} // namespace

void setFactsOutputPath(const std::string &Path) {
  // Registered here, in worker mode only: in pass-through mode conc-tidy is
  // clang-tidy, and --list-checks shows no check of the CI machinery.
  static ClangTidyModuleRegistry::Add<FactsModule> Registration(
      "internal-conc-facts-module",
      "conc-tidy's CI worker: facts for whole-program findings.");
  factsOutputPath() = Path;
}

} // namespace clang::tidy::conc
