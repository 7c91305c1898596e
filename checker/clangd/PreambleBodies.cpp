//===--- PreambleBodies.cpp - conc-clangd ---------------------------------===//
//
// Part of conc. clangd parses the headers at the top of a file once, into a
// "preamble", and to keep that fast it skips the body of every function
// defined in them (clangd/Preamble.cpp: SkipFunctionBodies, with only
// std::make_unique and forwarding templates kept). A conc check that asks
// for such a body (the thread body an inline function runs, the locks an
// inline helper takes, a destructor that joins) would see a declaration
// only, and the editor would miss or invent findings that conc-tidy, which
// parses everything, gets right.
//
// conc-clangd keeps the bodies of functions defined in the project's own
// headers (not system headers: the standard library's bodies are many and
// the checks do not look into them). clangd offers no hook for that, so:
// the preamble build calls IncludeStructure::collect(CompilerInstance&)
// after the frontend action has created its AST consumer and before it
// parses (PrecompiledPreamble::Build -> CppFilePreambleCallbacks::
// BeforeExecute). conc-clangd is linked with --wrap for that function; the
// wrapper recognises a preamble build (a PCH action that skips bodies) and
// puts a consumer in front of the PCH writer that answers "do not skip" for
// functions outside system headers, and forwards everything else.
//
// The cost is paid when the preamble is built (on open, and when the
// includes change), not per keystroke, and grows with the inline code of the
// non-system headers: nothing for a file that includes only the standard
// library, twice the preamble time for a file that includes LLVM's AST
// headers with -I (bench/RESULTS.md). --conc-header-bodies=false restores
// clangd's behaviour.
//
//===----------------------------------------------------------------------===//

#include "clang/AST/DeclBase.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendOptions.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "llvm/Support/CommandLine.h"

#include <memory>
#include <utility>
#include <vector>

namespace {

llvm::cl::opt<bool> KeepHeaderBodies(
    "conc-header-bodies",
    llvm::cl::desc("conc-clangd: parse the bodies of functions defined in "
                   "non-system headers when building the preamble, so that "
                   "conc checks see them as conc-tidy does (default true)"),
    llvm::cl::init(true));

/// The preamble's consumer (clangd's PCH writer), unchanged except that it
/// parses the bodies of functions in the project's headers.
class KeepProjectBodies : public clang::MultiplexConsumer {
public:
  KeepProjectBodies(std::unique_ptr<clang::ASTConsumer> Writer,
                    const clang::SourceManager &SM)
      : MultiplexConsumer(consumers(std::move(Writer))), SM(SM) {}

  bool shouldSkipFunctionBody(clang::Decl *D) override {
    if (!SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation())))
      return false;
    return MultiplexConsumer::shouldSkipFunctionBody(D);
  }

private:
  static std::vector<std::unique_ptr<clang::ASTConsumer>>
  consumers(std::unique_ptr<clang::ASTConsumer> Writer) {
    std::vector<std::unique_ptr<clang::ASTConsumer>> Result;
    Result.push_back(std::move(Writer));
    return Result;
  }

  const clang::SourceManager &SM;
};

bool isPreambleBuild(const clang::CompilerInstance &CI) {
  const clang::FrontendOptions &Opts = CI.getFrontendOpts();
  return Opts.ProgramAction == clang::frontend::GeneratePCH &&
         Opts.SkipFunctionBodies && CI.hasASTConsumer() &&
         CI.hasSourceManager() && !CI.hasSema();
}

} // namespace

// clangd's own IncludeStructure::collect (the member function's `this` is
// its first argument).
void clangdCollectIncludes(void *Self, const clang::CompilerInstance &CI) asm(
    "__real__ZN5clang6clangd16IncludeStructure7collectERKNS_16CompilerInstanceE");

// Replaces clang::clangd::IncludeStructure::collect for its callers.
void concCollectIncludes(void *Self, const clang::CompilerInstance &CI) asm(
    "__wrap__ZN5clang6clangd16IncludeStructure7collectERKNS_16CompilerInstanceE");

void concCollectIncludes(void *Self, const clang::CompilerInstance &CI) {
  if (KeepHeaderBodies && isPreambleBuild(CI)) {
    // clangd hands the instance over as const; the instance itself is not
    // (the preamble builder owns it and is about to run it).
    auto &Mutable = const_cast<clang::CompilerInstance &>(CI);
    Mutable.setASTConsumer(std::make_unique<KeepProjectBodies>(
        Mutable.takeASTConsumer(), Mutable.getSourceManager()));
  }
  clangdCollectIncludes(Self, CI);
}
