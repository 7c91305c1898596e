//===--- ConcClangdMain.cpp - conc-clangd ---------------------------------===//
//
// Part of conc. conc-clangd is clangd 19 with the conc module linked in, the
// way conc-tidy is clang-tidy with it: clangd's own main runs unchanged, so
// every flag and config file (.clangd, .clang-tidy, compile_commands.json,
// --query-driver, $CLANGD_FLAGS) means what it means to clangd. What differs:
//   - the conc checks are registered (conc_tidy_checks is linked whole);
//   - they run under clangd's default FastCheckFilter (FastConcChecks.cpp);
//   - the preamble keeps the bodies of functions in project headers
//     (PreambleBodies.cpp, --conc-header-bodies);
//   - a conc finding links to conc's page for its check (CheckDocLinks.cpp);
//   - clang's resource directory is passed when the user gave none, because
//     conc-clangd does not sit beside clang's builtin headers;
//   - --version adds a line saying what it is.
//
//===----------------------------------------------------------------------===//

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <string>
#include <vector>

namespace clang::clangd {
// clangd's main, from libclangdMain.a (clang-tools-extra/clangd/tool/ClangdMain.cpp);
// its header is not installed.
int clangdMain(int argc, char *argv[]);
} // namespace clang::clangd

namespace {

// clangd installs its own version printer, which replaces LLVM's extra
// printers, and exits from inside its command-line parser. So our line is
// printed at exit, after clangd's lines: editors parse the first line
// ("clangd version 19...") and must not read ours as clangd's version.
void printConcVersion() {
  llvm::outs() << "conc-clangd " CONC_VERSION
                  ": clangd with the conc-* clang-tidy checks, built on LLVM "
               << CONC_LLVM_VERSION_STRING << "\n";
  llvm::outs().flush();
}

} // namespace

int main(int argc, char *argv[]) {
  llvm::ArrayRef<char *> UserArgs(argv + 1, argv + argc);
  if (llvm::any_of(UserArgs, [](llvm::StringRef Arg) {
        return Arg == "--version" || Arg == "-version";
      })) {
    // Constructed before the handler is registered, so destroyed after it.
    llvm::outs();
    std::atexit(printConcVersion);
  }

  // clangd takes the last --resource-dir it is given. Ours goes first, so a
  // user's on the command line wins; $CLANGD_FLAGS is parsed before the
  // command line, so when it names one, ours is left out.
  std::vector<char *> Args(argv, argv + argc);
  auto NamesResourceDir = [](llvm::StringRef Arg) {
    return Arg.contains("-resource-dir");
  };
  bool HasResourceDir = llvm::any_of(
      UserArgs, [&](const char *Arg) { return NamesResourceDir(Arg); });
  if (const char *EnvFlags = std::getenv("CLANGD_FLAGS"))
    HasResourceDir |= NamesResourceDir(EnvFlags);
  std::string ResourceDir = "--resource-dir=" CONC_CLANG_RESOURCE_DIR;
  if (!HasResourceDir)
    Args.insert(Args.begin() + 1, ResourceDir.data());
  Args.push_back(nullptr);
  return clang::clangd::clangdMain(static_cast<int>(Args.size() - 1),
                                   Args.data());
}
