//===--- CiRun.cpp - conc-tidy --------------------------------------------===//
//
// Part of conc.
//
//===----------------------------------------------------------------------===//

#include "driver/CiRun.h"

#include "driver/Baseline.h"
#include "driver/ChangedLines.h"
#include "driver/CompileCommandAdjuster.h"
#include "driver/Findings.h"
#include "driver/OutdatedConfig.h"
#include "driver/ProcessPool.h"
#include "driver/Progress.h"
#include "driver/Reports.h"
#include "driver/WholeProgram.h"
#include "driver/Worker.h"

#include "clang/Driver/Types.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <thread>
#include <unistd.h>

namespace clang::tidy::conc {
namespace {

void reportError(llvm::StringRef Message) {
  llvm::errs() << "conc-tidy: error: " << Message << "\n";
}

std::string absolute(llvm::StringRef Path) {
  llvm::SmallString<256> P(Path);
  llvm::sys::fs::make_absolute(P);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

/// --root, else the enclosing git work tree, else the current directory:
/// report paths and fingerprints are relative to it.
std::string findRoot(const CiOptions &Options) {
  if (!Options.Root.empty())
    return absolute(Options.Root);
  std::string Cwd = absolute(".");
  for (llvm::StringRef Dir = Cwd; !Dir.empty();
       Dir = llvm::sys::path::parent_path(Dir)) {
    llvm::SmallString<256> Git(Dir);
    llvm::sys::path::append(Git, ".git");
    if (llvm::sys::fs::exists(Git))
      return Dir.str();
  }
  return Cwd;
}

/// Stable across machines and runs: a hash of the root-relative path, so a
/// file stays in its shard when others are added.
bool inShard(llvm::StringRef RelativePath, unsigned Index, unsigned Count) {
  auto Digest = llvm::SHA256::hash(llvm::arrayRefFromStringRef(RelativePath));
  uint64_t Value = 0;
  for (int I = 0; I < 8; ++I)
    Value = Value << 8 | Digest[I];
  return Value % Count == Index - 1;
}

/// conc-tidy's version and its binary: a rebuilt conc-tidy (new or changed
/// checks) never reuses old results.
std::string cacheSalt(const std::string &Self) {
  llvm::sys::fs::file_status Status;
  std::string Salt = "conc-tidy " CONC_VERSION " llvm " CONC_LLVM_VERSION_STRING;
  if (!llvm::sys::fs::status(Self, Status))
    Salt += " " + std::to_string(Status.getSize()) + " " +
            std::to_string(
                Status.getLastModificationTime().time_since_epoch().count());
  return Salt;
}

/// Can clang-tidy lint this file? A compilation database also lists
/// assembly (`.S`, `.s`) and other languages, which clang parses as something
/// else or not at all; those entries are skipped, not reported as errors.
bool isCOrCxxSource(llvm::StringRef File) {
  llvm::StringRef Extension = llvm::sys::path::extension(File);
  if (Extension.empty())
    return true; // let the compile command decide
  driver::types::ID Type =
      driver::types::lookupTypeForExtension(Extension.drop_front());
  return Type != driver::types::TY_INVALID &&
         driver::types::isAcceptedByClang(Type) &&
         (driver::types::isCXX(Type) || Type == driver::types::TY_C ||
          Type == driver::types::TY_PP_C || Type == driver::types::TY_CHeader ||
          Type == driver::types::TY_ObjC || Type == driver::types::TY_PP_ObjC);
}

/// The source files to lint: the named ones, or every database entry.
std::optional<std::string> selectSources(const CiOptions &Options,
                                         llvm::StringRef Root,
                                         std::vector<std::string> &Sources,
                                         RunResult &Result) {
  bool FixedDatabase = llvm::is_contained(Options.TidyArgs, "--");
  std::vector<std::string> Candidates;
  if (!Options.Sources.empty()) {
    for (const std::string &S : Options.Sources)
      Candidates.push_back(absolute(S));
  } else if (!Options.BuildPath.empty() && !FixedDatabase) {
    std::string Error;
    auto Database = tooling::CompilationDatabase::autoDetectFromDirectory(
        Options.BuildPath, Error);
    if (!Database)
      return "cannot load the compilation database in '" + Options.BuildPath +
             "': " + Error;
    for (const std::string &File : Database->getAllFiles())
      Candidates.push_back(absolute(File));
    if (Candidates.empty())
      return "the compilation database in '" + Options.BuildPath +
             "' has no entries";
  } else {
    return std::string("nothing to lint: give -p BUILD_DIR (every entry of "
                       "its compile_commands.json) or source files");
  }

  std::optional<llvm::Regex> Include, Exclude;
  if (!Options.FilesRegex.empty())
    Include.emplace(Options.FilesRegex);
  if (!Options.ExcludeRegex.empty())
    Exclude.emplace(Options.ExcludeRegex);
  std::sort(Candidates.begin(), Candidates.end());
  Candidates.erase(std::unique(Candidates.begin(), Candidates.end()),
                   Candidates.end());
  for (const std::string &File : Candidates) {
    // Root-relative, so that `--exclude ^third_party/` means what it says.
    std::string Relative = relativeToRoot(File, Root);
    if (Include && !Include->match(Relative))
      continue;
    if (Exclude && Exclude->match(Relative))
      continue;
    if (Options.ShardCount &&
        !inShard(Relative, Options.ShardIndex, Options.ShardCount))
      continue;
    // Only entries of the database: a file named on the command line is
    // linted as asked.
    if (Options.Sources.empty() && !isCOrCxxSource(File)) {
      ++Result.NotCOrCxx;
      continue;
    }
    if (!llvm::sys::fs::exists(File)) {
      Result.Errors.push_back(
          {File, Options.Sources.empty()
                     ? "listed in compile_commands.json but does not exist"
                     : "no such file"});
      continue;
    }
    Sources.push_back(File);
  }
  return std::nullopt;
}

/// The last lines a failed worker printed, for the error message.
std::string logTail(llvm::StringRef LogPath) {
  auto Buffer = llvm::MemoryBuffer::getFile(LogPath);
  if (!Buffer)
    return {};
  llvm::SmallVector<llvm::StringRef> Lines;
  (*Buffer)->getBuffer().split(Lines, '\n', -1, false);
  for (auto It = Lines.rbegin(); It != Lines.rend(); ++It) {
    llvm::StringRef L = It->trim();
    if (L.contains("error") || L.contains("Error"))
      return L.str();
  }
  return Lines.empty() ? std::string() : Lines.back().trim().str();
}

/// Reads what a worker found into `Result`; returns why the unit could not
/// be analysed, or nothing.
std::string collectOutcome(const PoolOutcome &Outcome, double TimeoutSeconds,
                           const std::string &ExportPath,
                           const std::string &LogPath, SourceFiles &Sources,
                           RunResult &Result) {
  if (Outcome.SpawnFailed)
    return "could not start a worker process";
  if (Outcome.TimedOut)
    return llvm::formatv("timed out after {0} s (--timeout); not analysed",
                         llvm::format("%g", TimeoutSeconds))
        .str();
  if (Outcome.Signal)
    return "clang-tidy crashed (signal " + std::to_string(Outcome.Signal) +
           "): " + logTail(LogPath);
  size_t FindingsBefore = Result.Findings.size();
  size_t ErrorsBefore = Result.Errors.size();
  if (llvm::sys::fs::exists(ExportPath))
    if (auto Error = readExportedFixes(ExportPath, Sources, Result))
      return *Error;
  // clang-tidy exits 1 for compiler errors (now in Result.Errors) and for
  // --warnings-as-errors (findings); anything else is a failure.
  bool Explained = Result.Errors.size() > ErrorsBefore ||
                   Result.Findings.size() > FindingsBefore;
  if (Outcome.ExitCode != 0 && !Explained)
    return "clang-tidy failed (exit " + std::to_string(Outcome.ExitCode) +
           "): " + logTail(LogPath);
  return {};
}

/// Adds the facts the worker wrote for its unit; why they are unusable, or
/// nothing.
std::string readUnitFacts(const std::string &Path, RunResult &Result) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return "the worker wrote no facts for the whole-program analysis";
  analysis::UnitFacts Facts;
  if (auto Error = analysis::parseFacts((*Buffer)->getBuffer(), Facts))
    return "unusable facts for the whole-program analysis: " + *Error;
  Result.Facts.push_back(std::move(Facts));
  return {};
}

void lintSources(const CiOptions &Options, const std::string &Self,
                 llvm::StringRef Root, const std::vector<std::string> &Files,
                 llvm::StringRef WorkDir, SourceFiles &Sources,
                 RunResult &Result) {
  std::string Salt = cacheSalt(Self);
  std::vector<PoolJob> Jobs;
  std::vector<std::string> Exports;
  for (size_t I = 0; I < Files.size(); ++I) {
    std::string Base = (WorkDir + "/" + std::to_string(I)).str();
    Exports.push_back(Base + ".yaml");
    Jobs.push_back({workerCommandLine(Self, Options.CacheDir, Salt,
                                      Exports.back(), WorkDir.str(),
                                      Options.TidyArgs, Files[I]),
                    Base + ".log"});
  }

  unsigned Parallel = Options.Jobs;
  if (!Parallel)
    Parallel = std::max(1u, std::thread::hardware_concurrency());
  bool Interactive = Options.Progress.value_or(isatty(STDERR_FILENO) != 0);
  Progress Reporter(llvm::errs(), Files.size(), Interactive);

  std::set<std::tuple<std::string, unsigned, unsigned, std::string>> Unique;
  runPool(
      Jobs, Parallel, Options.TimeoutSeconds,
      [&](size_t I) { Reporter.started(relativeToRoot(Files[I], Root)); },
      [&](size_t I, const PoolOutcome &Outcome) {
        size_t FindingsBefore = Result.Findings.size();
        size_t ErrorsBefore = Result.Errors.size();
        std::string Problem = collectOutcome(Outcome, Options.TimeoutSeconds,
                                             Exports[I], Jobs[I].LogPath,
                                             Sources, Result);
        bool Cached = Problem.empty() &&
                      llvm::sys::fs::exists(Exports[I] + ".cached");
        if (auto Skipped = llvm::MemoryBuffer::getFile(Exports[I] + ".skipped")) {
          unsigned N = 0;
          if (!(*Skipped)->getBuffer().trim().getAsInteger(10, N))
            Result.FunctionsSkippedForErrors += N;
        }
        Result.FromCache += Cached;
        if (!Problem.empty())
          Result.Errors.push_back({Files[I], Problem});
        else if (Result.Errors.size() > ErrorsBefore)
          Problem = "does not compile";
        else
          ++Result.FilesAnalyzed;
        if (Problem.empty()) {
          Problem = readUnitFacts(Exports[I] + ".facts", Result);
          if (!Problem.empty()) {
            Result.Errors.push_back({Files[I], Problem});
            --Result.FilesAnalyzed;
          }
        } else if (Result.Errors.size() > ErrorsBefore) {
          // Compiler errors: the functions clang could build still count.
          readUnitFacts(Exports[I] + ".facts", Result);
        }
        for (size_t F = FindingsBefore; F < Result.Findings.size(); ++F) {
          const Finding &New = Result.Findings[F];
          Unique.emplace(New.Where.File, New.Where.Line, New.Where.Column,
                         New.Check);
        }
        Reporter.finished(relativeToRoot(Files[I], Root),
                          Result.Findings.size() - FindingsBefore,
                          Unique.size(), Outcome.Seconds, Cached, Problem);
      });
  Reporter.done();
}

/// Rejects clang-tidy flags that make no sense once per translation unit.
std::optional<std::string> checkTidyArgs(const CiOptions &Options) {
  for (llvm::StringRef Arg : Options.TidyArgs) {
    if (Arg == "--")
      break;
    llvm::StringRef Name = Arg.drop_front(Arg.starts_with("--") ? 2 : 1)
                               .take_until([](char C) { return C == '='; });
    if (Name == "fix" || Name == "fix-errors" || Name == "fix-notes" ||
        Name == "export-fixes")
      return "--" + Name.str() +
             " cannot be combined with conc's CI flags (-j, --format, ...): "
             "run it without them, on the files to fix";
    if (Name == "list-checks" || Name == "dump-config" ||
        Name == "explain-config" || Name == "verify-config")
      return "--" + Name.str() + " cannot be combined with conc's CI flags";
  }
  return std::nullopt;
}

} // namespace

int runCi(const CiOptions &Options, const std::string &Self) {
  std::string Root = findRoot(Options);
  RunResult Result;
  SourceFiles Sources;

  // Everything that can be wrong with the input is found before any work.
  if (auto Error = checkTidyArgs(Options)) {
    reportError(*Error);
    return ExitError;
  }
  for (const std::string *Path : {&Options.OutputPath,
                                  &Options.WriteBaselinePath,
                                  &Options.LockGraphPath})
    if (!Path->empty())
      if (auto Error = probeWritable(*Path)) {
        reportError(*Error);
        return ExitError;
      }
  llvm::StringSet<> Accepted;
  if (!Options.BaselinePath.empty())
    if (auto Error = readBaseline(Options.BaselinePath, Accepted)) {
      reportError(*Error);
      return ExitError;
    }
  std::optional<ChangedLines> Changed;
  if (!Options.DiffPath.empty() || !Options.ChangedSince.empty()) {
    Changed.emplace();
    auto Error = Options.DiffPath.empty()
                     ? changedSince(Options.ChangedSince, Root, *Changed)
                     : readDiffFile(Options.DiffPath, *Changed);
    if (Error) {
      reportError(*Error);
      return ExitError;
    }
  }
  if (!Options.CacheDir.empty())
    if (std::error_code EC =
            llvm::sys::fs::create_directories(Options.CacheDir)) {
      reportError("cannot create --cache-dir '" + Options.CacheDir +
                  "': " + EC.message());
      return ExitError;
    }

  if (Options.Merge) {
    if (Options.MergeInputs.empty()) {
      reportError("--merge needs the reports to merge (JSON or SARIF files)");
      return ExitError;
    }
    for (const std::string &Input : Options.MergeInputs)
      if (auto Error = readReport(Input, Result)) {
        reportError(*Error);
        return ExitError;
      }
    // Paths in the merged report are relative to the shards' root.
    if (Options.Root.empty() && !Result.ReportedRoot.empty())
      Root = Result.ReportedRoot;
  } else {
    std::vector<std::string> Files;
    if (auto Error = selectSources(Options, Root, Files, Result)) {
      reportError(*Error);
      return ExitError;
    }
    llvm::SmallString<128> WorkDir;
    if (std::error_code EC =
            llvm::sys::fs::createUniqueDirectory("conc-tidy", WorkDir)) {
      reportError("cannot create a temporary directory: " + EC.message());
      return ExitError;
    }
    // The compile commands clang will see: GCC-only flags and warnings
    // made errors dropped (CompileCommandAdjuster).
    CompileCommandAdjuster Adjuster(Options.QueryDriverGlobs);
    AdjustedCommands Adjusted;
    if (auto Error = adjustCompileCommands(Options.TidyArgs, Files, WorkDir,
                                           Adjuster, Adjusted)) {
      reportError(*Error);
      llvm::sys::fs::remove_directories(WorkDir);
      return ExitError;
    }
    // A unit whose command clang cannot run is an error of its own; the
    // others are analysed.
    if (!Adjusted.UnusableUnits.empty()) {
      for (const auto &[File, Reason] : Adjusted.UnusableUnits)
        Result.Errors.push_back({File, Reason});
      llvm::erase_if(Files, [&](const std::string &File) {
        return Adjusted.UnusableUnits.count(File) != 0;
      });
    }
    for (const auto &[File, Changes] : Adjusted.Changes)
      if (Changes.droppedOrTranslated())
        Result.AdjustedUnits.push_back(
            {File, Changes.Dropped, Changes.Translated});
    CiOptions RunOptions = Options;
    RunOptions.TidyArgs = withAdjustedCommands(Options.TidyArgs, Adjusted);
    // Outdated .clang-tidy files: unknown keys dropped with one warning each;
    // a configuration that cannot be used at all stops the run (clang-tidy
    // would silently lint with its defaults).
    RepairedConfigs Configs = repairConfigs(RunOptions.TidyArgs, Files, WorkDir);
    for (const std::string &Warning : Configs.Warnings)
      llvm::errs() << "conc-tidy: warning: " << Warning << "\n";
    if (!Configs.Unusable.empty()) {
      for (const std::string &Unusable : Configs.Unusable)
        reportError(Unusable + "; this configuration cannot be used");
      llvm::sys::fs::remove_directories(WorkDir);
      return ExitError;
    }
    RunOptions.TidyArgs = withRepairedConfigs(RunOptions.TidyArgs, Configs);
    lintSources(RunOptions, Self, Root, Files, WorkDir, Sources, Result);
    llvm::sys::fs::remove_directories(WorkDir);
  }

  orderFacts(Result);
  WholeProgram Project(Result);
  if (auto Error = Project.addFindings(Result, Root, Sources,
                                       Options.LockGraphPath)) {
    reportError(*Error);
    return ExitError;
  }
  finalizeFindings(Result, Root, Sources);
  Project.dropDisproven(Result);
  if (!Options.WriteBaselinePath.empty())
    if (auto Error = writeFileAtomically(Options.WriteBaselinePath,
                                         baselineText(Result, Root))) {
      reportError(*Error);
      return ExitError;
    }
  unsigned AcceptedCount = applyBaseline(Result, Accepted);
  unsigned Unchanged = Changed ? keepChangedLines(Result, *Changed, Root) : 0;

  std::string Report;
  llvm::raw_string_ostream ReportStream(Report);
  // A shard's SARIF carries its facts for --merge; a whole run's stays as
  // small as code scanning wants it (JSON always carries them).
  writeReport(Result, Options.Format, Root, Sources, ReportStream,
              /*WithFacts=*/Options.Format == OutputFormat::Json ||
                  Options.ShardCount != 0);
  if (Options.OutputPath.empty() || Options.OutputPath == "-") {
    llvm::outs() << Report;
    llvm::outs().flush();
  } else if (auto Error = writeFileAtomically(Options.OutputPath, Report)) {
    reportError(*Error);
    return ExitError;
  }

  for (const ToolError &E : Result.Errors)
    reportError(E.File.empty() ? E.Message
                               : relativeToRoot(E.File, Root) + ": " +
                                     E.Message);
  if (!Result.AdjustedUnits.empty()) {
    // Which flags, and in how many units when not in all: one line however
    // large the database.
    std::map<std::string, unsigned> Dropped, Translated;
    for (const AdjustedUnit &U : Result.AdjustedUnits) {
      for (const std::string &Flag : U.Dropped)
        ++Dropped[Flag];
      for (const std::string &Flag : U.Translated)
        ++Translated[Flag];
    }
    size_t Units = Result.AdjustedUnits.size();
    auto List = [&](const std::map<std::string, unsigned> &Flags) {
      std::string Text;
      for (const auto &[Flag, N] : Flags)
        Text += (Text.empty() ? "" : ", ") + Flag +
                (N == Units ? "" : " (" + std::to_string(N) + ")");
      return Text;
    };
    llvm::errs() << "conc-tidy: note: compile commands adjusted for clang in "
                 << Units << (Units == 1 ? " unit: " : " units: ");
    if (!Dropped.empty())
      llvm::errs() << "dropped " << List(Dropped);
    if (!Translated.empty())
      llvm::errs() << (Dropped.empty() ? "" : "; ") << "translated "
                   << List(Translated);
    llvm::errs() << " (docs/ci.md)\n";
  }
  if (Result.FunctionsSkippedForErrors)
    llvm::errs() << "conc-tidy: note: " << Result.FunctionsSkippedForErrors
                 << (Result.FunctionsSkippedForErrors == 1 ? " function"
                                                           : " functions")
                 << " skipped because of errors\n";
  llvm::errs() << "conc-tidy: " << Result.Findings.size()
               << (Result.Findings.size() == 1 ? " finding" : " findings")
               << " in " << Result.FilesAnalyzed << " analysed files";
  if (Result.FromCache)
    llvm::errs() << " (" << Result.FromCache << " from cache)";
  if (AcceptedCount)
    llvm::errs() << ", " << AcceptedCount << " accepted by the baseline";
  if (Unchanged)
    llvm::errs() << ", " << Unchanged << " on unchanged lines";
  if (Result.NotCOrCxx)
    llvm::errs() << ", " << Result.NotCOrCxx
                 << (Result.NotCOrCxx == 1 ? " entry" : " entries")
                 << " skipped as not C or C++";
  if (!Result.Errors.empty())
    llvm::errs() << ", " << Result.Errors.size()
                 << (Result.Errors.size() == 1 ? " error" : " errors");
  llvm::errs() << "\n";

  if (!Result.Errors.empty())
    return ExitError;
  return Result.Findings.empty() ? ExitClean : ExitFindings;
}

} // namespace clang::tidy::conc
