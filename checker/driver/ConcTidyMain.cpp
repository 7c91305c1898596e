//===--- ConcTidyMain.cpp - conc-tidy -------------------------------------===//
//
// Part of conc. conc-tidy is clang-tidy with the conc module built in.
//
// Without any of conc's CI flags it is clang-tidy: the command line is
// checked for mistakes clang-tidy would let pass silently, then handed to
// clangTidyMain unchanged, exit codes included (0 even with warnings, as
// CMAKE_CXX_CLANG_TIDY expects). With a CI flag (-j, --format, --output,
// --baseline, --shard, --merge, --diff, --cache-dir, ..., or `-p BUILD`
// with no source file) it coordinates a CI run: conc's flags are removed and
// the rest is given to one worker process per translation unit.
//
//===----------------------------------------------------------------------===//

#include "driver/CiOptions.h"
#include "driver/CiRun.h"
#include "driver/CommandLineChecks.h"
#include "driver/CompileCommandAdjuster.h"
#include "driver/OutdatedConfig.h"
#include "driver/Worker.h"

#include "clang-tidy/tool/ClangTidyMain.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/StringSaver.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

int main(int argc, const char **argv) {
  using namespace clang::tidy::conc;
  std::vector<std::string> Args(argv, argv + argc);
  if (Args.size() > 1 && Args[1] == WorkerFlag)
    return runWorker(Args);

  llvm::cl::AddExtraVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "conc-tidy version " CONC_VERSION " (conc checks on LLVM "
       << CONC_LLVM_VERSION_STRING << ")\n";
  });

  // @file response files hold arguments too: conc's flags may be in them.
  llvm::BumpPtrAllocator Allocator;
  llvm::StringSaver Saver(Allocator);
  llvm::SmallVector<const char *> Expanded(argv, argv + argc);
  if (!llvm::cl::ExpandResponseFiles(Saver, llvm::cl::TokenizeGNUCommandLine,
                                     Expanded)) {
    llvm::errs() << "conc-tidy: error: cannot read a response file (@file)\n";
    return ExitError;
  }
  Args.assign(Expanded.begin(), Expanded.end());

  CiOptions Ci;
  if (auto Error = parseCiOptions(Args, Ci)) {
    llvm::errs() << "conc-tidy: error: " << *Error << "\n";
    return ExitError;
  }
  // What clang-tidy will see: conc's flags removed.
  std::vector<std::string> TidyArgs = {Args[0]};
  auto Separator = std::find(Ci.TidyArgs.begin(), Ci.TidyArgs.end(), "--");
  TidyArgs.insert(TidyArgs.end(), Ci.TidyArgs.begin(), Separator);
  if (!Ci.Merge)
    TidyArgs.insert(TidyArgs.end(), Ci.Sources.begin(), Ci.Sources.end());
  TidyArgs.insert(TidyArgs.end(), Separator, Ci.TidyArgs.end());

  if (auto Error = checkCommandLine(TidyArgs)) {
    llvm::errs() << "conc-tidy: error: " << *Error << "\n";
    return ExitError;
  }
  if (!Ci.Merge && Ci.Enabled && !llvm::is_contained(Ci.TidyArgs, "--") &&
      Ci.BuildPath.empty() && !Ci.Sources.empty())
    // Without a compilation database, clang-tidy would guess flags and
    // warn once per file; say it once.
    llvm::errs() << "conc-tidy: warning: no -p BUILD_DIR and no `-- FLAGS`: "
                    "files are compiled with default flags\n";
  addResourceDir(TidyArgs);

  if (Ci.Enabled) {
    // The workers get clang-tidy's flags and one source file each.
    std::vector<std::string> WorkerArgs = Ci.TidyArgs;
    WorkerArgs.insert(WorkerArgs.begin(), Args[0]);
    addResourceDir(WorkerArgs);
    Ci.TidyArgs.assign(WorkerArgs.begin() + 1, WorkerArgs.end());
    std::string Self = llvm::sys::fs::getMainExecutable(
        argv[0], reinterpret_cast<void *>(&main));
    return runCi(Ci, Self);
  }

  // clang-tidy mode: the same compile-command adjustments as CI mode, with
  // one note per unit whose command changed.
  llvm::SmallString<128> WorkDir;
  // clang-tidy reads the configuration to lint files, and to list or dump
  // it (then for a file "dummy" in the current folder).
  bool ReadsConfig =
      !Ci.Sources.empty() ||
      llvm::any_of(Ci.TidyArgs, [](llvm::StringRef Arg) {
        Arg = Arg.ltrim('-').take_until([](char C) { return C == '='; });
        return Arg == "list-checks" || Arg == "dump-config" ||
               Arg == "explain-config" || Arg == "verify-config";
      });
  if (ReadsConfig) {
    if (std::error_code EC =
            llvm::sys::fs::createUniqueDirectory("conc-tidy", WorkDir)) {
      llvm::errs() << "conc-tidy: error: cannot create a temporary directory: "
                   << EC.message() << "\n";
      return ExitError;
    }
    std::vector<std::string> Tail(TidyArgs.begin() + 1, TidyArgs.end());
    if (!Ci.Sources.empty()) {
      CompileCommandAdjuster Adjuster(Ci.QueryDriverGlobs);
      AdjustedCommands Adjusted;
      if (auto Error = adjustCompileCommands(Tail, Ci.Sources, WorkDir,
                                             Adjuster, Adjusted)) {
        llvm::errs() << "conc-tidy: error: " << *Error << "\n";
        llvm::sys::fs::remove_directories(WorkDir);
        return ExitError;
      }
      if (!Adjusted.UnusableUnits.empty()) {
        for (const auto &[File, Reason] : Adjusted.UnusableUnits)
          llvm::errs() << "conc-tidy: error: " << File << ": " << Reason
                       << "\n";
        llvm::sys::fs::remove_directories(WorkDir);
        return ExitError;
      }
      for (const auto &[File, Changes] : Adjusted.Changes)
        if (Changes.droppedOrTranslated())
          llvm::errs() << "conc-tidy: note: " << File
                       << ": compile command adjusted for clang: "
                       << Changes.describe() << " (docs/ci.md)\n";
      Tail = withAdjustedCommands(Tail, Adjusted);
    }
    // An outdated .clang-tidy: its unknown keys dropped, the rest applies.
    RepairedConfigs Configs = repairConfigs(
        Tail,
        Ci.Sources.empty() ? std::vector<std::string>{"dummy"} : Ci.Sources,
        WorkDir);
    for (const std::string &Warning : Configs.Warnings)
      llvm::errs() << "conc-tidy: warning: " << Warning << "\n";
    for (const std::string &Unusable : Configs.Unusable)
      llvm::errs() << "conc-tidy: warning: " << Unusable
                   << "; this configuration cannot be used\n";
    Tail = withRepairedConfigs(Tail, Configs);
    TidyArgs.resize(1);
    TidyArgs.insert(TidyArgs.end(), Tail.begin(), Tail.end());
  }

  std::vector<const char *> Argv;
  for (const std::string &Arg : TidyArgs)
    Argv.push_back(Arg.c_str());
  int Status =
      clang::tidy::clangTidyMain(static_cast<int>(Argv.size()), Argv.data());
  if (!WorkDir.empty())
    llvm::sys::fs::remove_directories(WorkDir);
  return Status;
}
