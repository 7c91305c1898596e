//===--- ConcTidyMain.cpp - conc-tidy -------------------------------------===//
//
// Part of conc. conc-tidy is clang-tidy with the conc module built in: it
// checks the command line for mistakes clang-tidy would let pass silently,
// then hands over to clangTidyMain, so every clang-tidy flag keeps working.
//
//===----------------------------------------------------------------------===//

#include "driver/CommandLineChecks.h"

#include "clang-tidy/tool/ClangTidyMain.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

int main(int argc, const char **argv) {
  llvm::cl::AddExtraVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "conc-tidy version " CONC_VERSION " (conc checks on LLVM "
       << CONC_LLVM_VERSION_STRING << ")\n";
  });

  std::vector<std::string> Args(argv, argv + argc);
  if (auto Error = clang::tidy::conc::checkCommandLine(Args)) {
    llvm::errs() << "conc-tidy: error: " << *Error << "\n";
    return 2;
  }
  clang::tidy::conc::addResourceDir(Args);

  std::vector<const char *> Argv;
  for (const std::string &Arg : Args)
    Argv.push_back(Arg.c_str());
  return clang::tidy::clangTidyMain(static_cast<int>(Argv.size()), Argv.data());
}
