//===--- Worker.cpp - conc-tidy -------------------------------------------===//
//
// Part of conc. The cache key is what decides clang-tidy's result: the
// preprocessed translation unit (so every included header counts), the
// command line (checks, header filter, compiler flags), every .clang-tidy
// file that applies, and conc-tidy itself (the salt: version and binary).
//
//===----------------------------------------------------------------------===//

#include "driver/Worker.h"

#include "driver/CiOptions.h"
#include "driver/FactsCheck.h"
#include "driver/Findings.h"

#include "analysis/ErrorRecovery.h"

#include "clang-tidy/tool/ClangTidyMain.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Frontend/PreprocessorOutputOptions.h"
#include "clang/Frontend/Utils.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

namespace clang::tidy::conc {
namespace {

/// A stream that hashes what is written to it instead of keeping it.
class HashingStream : public llvm::raw_ostream {
public:
  explicit HashingStream(llvm::SHA256 &Hash) : Hash(Hash) { SetUnbuffered(); }

private:
  void write_impl(const char *Ptr, size_t Size) override {
    Hash.update(llvm::StringRef(Ptr, Size));
    Written += Size;
  }
  uint64_t current_pos() const override { return Written; }
  llvm::SHA256 &Hash;
  uint64_t Written = 0;
};

class HashPreprocessedAction : public PreprocessorFrontendAction {
public:
  explicit HashPreprocessedAction(llvm::raw_ostream &Out) : Out(Out) {}

protected:
  void ExecuteAction() override {
    PreprocessorOutputOptions Opts;
    Opts.ShowCPP = 1;
    Opts.ShowLineMarkers = 1; // a moved header is a different unit
    DoPrintPreprocessedInput(getCompilerInstance().getPreprocessor(), &Out,
                             Opts);
  }

private:
  llvm::raw_ostream &Out;
};

class HashPreprocessedFactory : public tooling::FrontendActionFactory {
public:
  explicit HashPreprocessedFactory(llvm::raw_ostream &Out) : Out(Out) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<HashPreprocessedAction>(Out);
  }

private:
  llvm::raw_ostream &Out;
};

/// The parts of clang-tidy's command line that decide how the unit is
/// compiled.
struct UnitCommandLine {
  std::string BuildPath;
  std::string Source;
  std::vector<std::string> ExtraArgsBefore, ExtraArgs;
  std::optional<std::vector<std::string>> FixedCompilerArgs; // after `--`
  std::string ConfigFile;
};

UnitCommandLine parseUnitCommandLine(const std::vector<std::string> &Args) {
  UnitCommandLine Unit;
  for (size_t I = 0; I < Args.size(); ++I) {
    llvm::StringRef Arg = Args[I];
    if (Arg == "--") {
      Unit.FixedCompilerArgs.emplace(Args.begin() + I + 1, Args.end());
      break;
    }
    if (!Arg.starts_with("-")) {
      Unit.Source = Arg.str();
      continue;
    }
    llvm::StringRef Name = Arg.drop_front(Arg.starts_with("--") ? 2 : 1);
    std::string Value;
    if (size_t Eq = Name.find('='); Eq != llvm::StringRef::npos) {
      Value = Name.substr(Eq + 1).str();
      Name = Name.take_front(Eq);
    } else if (tidyOptionTakesValue(Name.str()) && I + 1 < Args.size()) {
      Value = Args[++I];
    }
    if (Name == "p")
      Unit.BuildPath = Value;
    else if (Name == "extra-arg-before")
      Unit.ExtraArgsBefore.push_back(Value);
    else if (Name == "extra-arg")
      Unit.ExtraArgs.push_back(Value);
    else if (Name == "config-file")
      Unit.ConfigFile = Value;
  }
  return Unit;
}

/// Hashes the unit as the preprocessor sees it; false if it cannot be
/// preprocessed (then the result is not cached).
bool hashPreprocessedUnit(const UnitCommandLine &Unit, llvm::SHA256 &Hash) {
  std::string Error;
  std::unique_ptr<tooling::CompilationDatabase> Database;
  if (Unit.FixedCompilerArgs)
    Database = std::make_unique<tooling::FixedCompilationDatabase>(
        ".", *Unit.FixedCompilerArgs);
  else if (!Unit.BuildPath.empty())
    Database = tooling::CompilationDatabase::autoDetectFromDirectory(
        Unit.BuildPath, Error);
  if (!Database)
    return false;
  std::vector<tooling::CompileCommand> Commands =
      Database->getCompileCommands(Unit.Source);
  if (Commands.empty())
    return false;
  for (const tooling::CompileCommand &Command : Commands)
    Hash.update(llvm::join(Command.CommandLine, "\x1f") + "\x1e" +
                Command.Directory + "\x1d");

  tooling::ClangTool Tool(*Database, {Unit.Source});
  Tool.appendArgumentsAdjuster(tooling::getInsertArgumentAdjuster(
      Unit.ExtraArgsBefore, tooling::ArgumentInsertPosition::BEGIN));
  Tool.appendArgumentsAdjuster(tooling::getInsertArgumentAdjuster(
      Unit.ExtraArgs, tooling::ArgumentInsertPosition::END));
  IgnoringDiagConsumer Quiet;
  Tool.setDiagnosticConsumer(&Quiet);
  HashingStream Out(Hash);
  HashPreprocessedFactory Factory(Out);
  return Tool.run(&Factory) == 0;
}

void hashFile(llvm::StringRef Path, llvm::SHA256 &Hash) {
  if (auto Buffer = llvm::MemoryBuffer::getFile(Path)) {
    Hash.update(Path);
    Hash.update((*Buffer)->getBuffer());
  }
}

/// clang-tidy reads the nearest .clang-tidy and, through
/// InheritParentConfig, those above it: all of them go into the key.
void hashConfigFiles(const UnitCommandLine &Unit, llvm::SHA256 &Hash) {
  if (!Unit.ConfigFile.empty())
    hashFile(Unit.ConfigFile, Hash);
  llvm::SmallString<256> Dir(Unit.Source);
  llvm::sys::fs::make_absolute(Dir);
  for (llvm::StringRef D = llvm::sys::path::parent_path(Dir); !D.empty();
       D = llvm::sys::path::parent_path(D)) {
    llvm::SmallString<256> Candidate(D);
    llvm::sys::path::append(Candidate, ".clang-tidy");
    hashFile(Candidate, Hash);
  }
}

std::optional<std::string> cacheKey(llvm::StringRef Salt,
                                    llvm::StringRef WorkDir,
                                    const std::vector<std::string> &TidyArgs) {
  llvm::SHA256 Hash;
  Hash.update(Salt);
  // The run's temporary folder changes every run; what is in it (the
  // adjusted commands, the cleaned configuration) is hashed below.
  for (const std::string &Arg : TidyArgs) {
    std::string Stable = Arg;
    if (!WorkDir.empty())
      for (size_t At; (At = Stable.find(WorkDir.str())) != std::string::npos;)
        Stable.replace(At, WorkDir.size(), "<work>");
    Hash.update(Stable);
    Hash.update("\x1f");
  }
  UnitCommandLine Unit = parseUnitCommandLine(TidyArgs);
  hashConfigFiles(Unit, Hash);
  if (!hashPreprocessedUnit(Unit, Hash))
    return std::nullopt;
  auto Digest = Hash.final();
  return llvm::toHex(Digest, /*LowerCase=*/true);
}

bool copyAtomically(const llvm::Twine &From, const llvm::Twine &To) {
  std::string Temp =
      (To + ".tmp" + std::to_string(llvm::sys::Process::getProcessId())).str();
  if (llvm::sys::fs::copy_file(From, Temp))
    return false;
  if (llvm::sys::fs::rename(Temp, To)) {
    llvm::sys::fs::remove(Temp);
    return false;
  }
  return true;
}

/// Enables the facts collector beside the checks the user chose: appended
/// to every --checks of the command line (the last one counts, and
/// clang-tidy appends it to the configuration's), or as a --checks of its
/// own.
void enableFactsCheck(std::vector<std::string> &Argv) {
  bool Appended = false;
  for (size_t I = 1; I < Argv.size() && Argv[I] != "--"; ++I) {
    llvm::StringRef A = Argv[I];
    if (A.starts_with("--checks=") || A.starts_with("-checks=")) {
      Argv[I] += std::string(",") + FactsCheckName;
      Appended = true;
    } else if ((A == "--checks" || A == "-checks") && I + 1 < Argv.size()) {
      Argv[++I] += std::string(",") + FactsCheckName;
      Appended = true;
    }
  }
  if (!Appended)
    Argv.insert(std::find(Argv.begin(), Argv.end(), "--"),
                std::string("--checks=") + FactsCheckName);
}

} // namespace

std::vector<std::string>
workerCommandLine(const std::string &Self, const std::string &CacheDir,
                  const std::string &Salt, const std::string &ExportPath,
                  const std::string &WorkDir,
                  const std::vector<std::string> &TidyArgs,
                  const std::string &Source) {
  std::vector<std::string> Args = {Self,       WorkerFlag,
                                   CacheDir.empty() ? "-" : CacheDir,
                                   Salt,       ExportPath,
                                   WorkDir};
  auto Separator = std::find(TidyArgs.begin(), TidyArgs.end(), "--");
  Args.insert(Args.end(), TidyArgs.begin(), Separator);
  Args.push_back(Source);
  Args.insert(Args.end(), Separator, TidyArgs.end());
  return Args;
}

int runWorker(const std::vector<std::string> &Args) {
  if (Args.size() < 6) {
    llvm::errs() << "conc-tidy: error: malformed worker command line\n";
    return 2;
  }
  const std::string &CacheDir = Args[2], &Salt = Args[3], &ExportPath = Args[4],
                    &WorkDir = Args[5];
  std::vector<std::string> TidyArgs(Args.begin() + 6, Args.end());

  std::optional<std::string> Key;
  llvm::SmallString<256> Cached, Clean, CachedFacts;
  std::string FactsPath = ExportPath + ".facts";
  if (CacheDir != "-") {
    Key = cacheKey(Salt, WorkDir, TidyArgs);
    if (Key) {
      llvm::sys::path::append(Cached, CacheDir, *Key + ".yaml");
      llvm::sys::path::append(Clean, CacheDir, *Key + ".clean");
      llvm::sys::path::append(CachedFacts, CacheDir, *Key + ".facts");
      // The unit's facts come with its findings; an entry without them
      // (written by an older conc-tidy) is a miss.
      bool Hit = llvm::sys::fs::exists(CachedFacts) &&
                 (llvm::sys::fs::exists(Clean) ||
                  (llvm::sys::fs::exists(Cached) &&
                   copyAtomically(Cached, ExportPath))) &&
                 copyAtomically(CachedFacts, FactsPath);
      if (Hit) {
        // Tells the coordinator, which counts hits.
        std::error_code EC;
        llvm::raw_fd_ostream(ExportPath + ".cached", EC) << "";
        return 0;
      }
    }
  }

  std::vector<std::string> Argv = {Args[0], "--export-fixes=" + ExportPath};
  Argv.insert(Argv.end(), TidyArgs.begin(), TidyArgs.end());
  enableFactsCheck(Argv);
  setFactsOutputPath(FactsPath);
  std::vector<const char *> CArgs;
  for (const std::string &A : Argv)
    CArgs.push_back(A.c_str());
  int Status =
      clangTidyMain(static_cast<int>(CArgs.size()), CArgs.data());
  // Tells the coordinator, which reports "n functions skipped because of
  // errors".
  if (unsigned Skipped = analysis::functionsSkippedForErrors()) {
    std::error_code EC;
    llvm::raw_fd_ostream(ExportPath + ".skipped", EC) << Skipped;
  }

  // Compiler errors may come from the environment (a missing generated
  // header): such results are never cached.
  if (Key && llvm::sys::fs::exists(FactsPath)) {
    // The facts first: a findings entry is a hit only with its facts.
    copyAtomically(FactsPath, CachedFacts);
    if (!llvm::sys::fs::exists(ExportPath)) {
      if (Status == 0) {
        std::error_code EC;
        llvm::raw_fd_ostream(Clean, EC) << "";
      }
    } else {
      SourceFiles Sources;
      RunResult Result;
      if (!readExportedFixes(ExportPath, Sources, Result) &&
          Result.Errors.empty())
        copyAtomically(ExportPath, Cached);
    }
  }
  return Status;
}

} // namespace clang::tidy::conc
