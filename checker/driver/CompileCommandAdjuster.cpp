//===--- CompileCommandAdjuster.cpp - conc-tidy ---------------------------===//
//
// Part of conc.
//
//===----------------------------------------------------------------------===//

#include "driver/CompileCommandAdjuster.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticDriver.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Driver/Driver.h"
#include "clang/Driver/Options.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"

#include <algorithm>

namespace clang::tidy::conc {
namespace {

/// How a table row matches a flag as written.
enum class Match {
  Exact,  // the whole flag
  Value,  // the flag, or the flag followed by `=VALUE`
  Family, // any flag starting so, when clang's driver does not know it
};

/// One GCC-only flag: dropped when Replacement is null, else translated
/// (for Value rows, `=VALUE` is kept). Each row was checked against
/// clang 19: the flag is rejected ("unknown argument", "invalid value") or
/// means something else there. The table is documented in docs/ci.md.
struct GccOnlyFlag {
  const char *Spelling;
  Match How;
  const char *Replacement = nullptr;
};

const GccOnlyFlag GccOnlyFlags[] = {
    // Optimisation and code generation: no effect on what the code means.
    {"-flifetime-dse", Match::Value},
    {"-fno-lifetime-dse", Match::Exact},
    {"-fgnu-unique", Match::Exact},
    {"-fno-gnu-unique", Match::Exact},
    {"-fipa-", Match::Family},
    {"-fno-ipa-", Match::Family},
    {"-fvar-tracking", Match::Exact},
    {"-fvar-tracking-assignments", Match::Exact},
    {"-fno-var-tracking-assignments", Match::Exact},
    {"-fkeep-inline-dllexport", Match::Exact},
    {"-fno-keep-inline-dllexport", Match::Exact},
    {"-fconserve-stack", Match::Exact},
    {"-flto-partition", Match::Value},
    {"-fallow-store-data-races", Match::Exact},
    {"-fno-allow-store-data-races", Match::Exact},
    {"-freorder-blocks-and-partition", Match::Exact},
    {"-fno-reorder-blocks-and-partition", Match::Exact},
    {"-ftree-", Match::Family},
    {"-fno-tree-", Match::Family},
    {"-fpredictive-commoning", Match::Exact},
    {"-fsched-pressure", Match::Exact},
    {"-fno-toplevel-reorder", Match::Exact},
    {"-fstack-reuse", Match::Value},
    {"-fno-printf-return-value", Match::Exact},
    {"-fcallgraph-info", Match::Value},
    {"-fno-weak", Match::Exact},
    {"-fnothrow-opt", Match::Exact},
    {"-fno-enforce-eh-specs", Match::Exact},
    {"-fextern-tls-init", Match::Exact},
    {"-fno-extern-tls-init", Match::Exact},
    {"-fno-implicit-inline-templates", Match::Exact},
    {"-fno-nonansi-builtins", Match::Exact},
    {"-fabi-version", Match::Value},
    {"-fdeduce-init-list", Match::Exact},
    {"-fstrong-eval-order", Match::Value},
    // Diagnostics and reports of GCC's own: clang-tidy reports for itself.
    {"-fconcepts-diagnostics-depth", Match::Value},
    {"-fno-optional-diags", Match::Exact},
    {"-fdiagnostics-format", Match::Value},
    {"-fdiagnostics-urls", Match::Value},
    {"-fdiagnostics-show-caret", Match::Exact},
    {"-ftrack-macro-expansion", Match::Value},
    {"-fno-canonical-system-headers", Match::Exact},
    {"-fanalyzer", Match::Exact},
    {"-fanalyzer-", Match::Family},
    {"-fno-analyzer-", Match::Family},
    {"-fopt-info", Match::Family},
    {"-fdump-", Match::Family},
    {"-fcompare-debug", Match::Value},
    {"-fcompare-debug-second", Match::Exact},
    // Language switches clang has no flag for: clang accepts the C++20
    // modules and concepts syntax with -std=c++20 and has no GCC literal
    // suffixes or Plan 9 extensions; what GCC would accept more than clang
    // shows up as compiler errors, not as a silently wrong analysis.
    {"-fmodules-ts", Match::Exact},
    {"-fconcepts", Match::Exact},
    {"-fconcepts-ts", Match::Exact},
    {"-fext-numeric-literals", Match::Exact},
    {"-fno-ext-numeric-literals", Match::Exact},
    {"-fplan9-extensions", Match::Exact},
    // Translated: same meaning, clang's spelling.
    {"-fmax-errors", Match::Value, "-ferror-limit"},
    {"-mdirect-extern-access", Match::Exact, "-fdirect-access-external-data"},
    {"-mno-direct-extern-access", Match::Exact,
     "-fno-direct-access-external-data"},
};

/// Warnings promoted to errors are the build's policy, not the linter's:
/// clang warns about other things than GCC, and one of those would make the
/// unit "not compile". clang-tidy has --warnings-as-errors for its findings.
bool isWarningPromotion(llvm::StringRef Flag) {
  return Flag == "-Werror" || Flag.starts_with("-Werror=") ||
         Flag.starts_with("-Werror-") || Flag == "-pedantic-errors" ||
         Flag == "--pedantic-errors" || Flag == "-Wfatal-errors";
}

/// clang makes these warnings errors by default; GCC (before 14) only
/// warns, so code built with GCC may have them. They stay warnings.
const char *const KeepAsWarnings[] = {
    "-Wno-error=implicit-function-declaration",
    "-Wno-error=implicit-int",
    "-Wno-error=int-conversion",
    "-Wno-error=incompatible-function-pointer-types",
    "-Wno-error=return-type",
    "-Wno-error=register",
    "-Wno-error=c++11-narrowing",
};

/// The row for Flag, or null.
const GccOnlyFlag *findRow(llvm::StringRef Flag, bool ClangKnowsIt) {
  for (const GccOnlyFlag &Row : GccOnlyFlags) {
    llvm::StringRef Spelling = Row.Spelling;
    switch (Row.How) {
    case Match::Exact:
      if (Flag == Spelling)
        return &Row;
      break;
    case Match::Value:
      if (Flag == Spelling ||
          (Flag.starts_with(Spelling) && Flag[Spelling.size()] == '='))
        return &Row;
      break;
    case Match::Family:
      if (Flag.starts_with(Spelling) && !ClangKnowsIt)
        return &Row;
      break;
    }
  }
  return nullptr;
}

bool isClDriver(const std::vector<std::string> &CommandLine) {
  llvm::StringRef Name = llvm::sys::path::stem(CommandLine.front());
  if (Name.ends_with_insensitive("cl"))
    return true;
  return llvm::any_of(CommandLine, [](llvm::StringRef A) {
    return A == "--driver-mode=cl";
  });
}

/// The index ranges [begin, end) of each argument of CommandLine (from 1:
/// argv[0] is the compiler), with whether clang's driver knows it. An option
/// with a separate value (`-I dir`, `-include f`) is one range, so a value
/// is never taken for a flag.
struct ArgSpan {
  size_t Begin, End;
  bool Known;
};

std::vector<ArgSpan> argSpans(const std::vector<std::string> &CommandLine) {
  std::vector<const char *> Argv;
  for (size_t I = 1; I < CommandLine.size(); ++I)
    Argv.push_back(CommandLine[I].c_str());
  unsigned MissingIndex = 0, MissingCount = 0;
  llvm::opt::InputArgList Parsed = driver::getDriverOptTable().ParseArgs(
      Argv, MissingIndex, MissingCount,
      llvm::opt::Visibility(driver::options::ClangOption));
  std::vector<std::pair<size_t, bool>> Starts;
  for (const llvm::opt::Arg *A : Parsed)
    Starts.push_back({A->getIndex() + 1, A->getOption().getID() !=
                                             driver::options::OPT_UNKNOWN});
  std::sort(Starts.begin(), Starts.end());
  std::vector<ArgSpan> Spans;
  for (size_t I = 0; I < Starts.size(); ++I) {
    size_t End = I + 1 < Starts.size() ? Starts[I + 1].first
                                       : CommandLine.size();
    Spans.push_back({Starts[I].first, End, Starts[I].second});
  }
  return Spans;
}

/// Collects the arguments clang's driver reports as unknown.
class UnknownArgumentCollector : public DiagnosticConsumer {
public:
  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    if (Info.getID() == diag::err_drv_unknown_argument ||
        Info.getID() == diag::err_drv_unknown_argument_with_suggestion)
      Unknown.push_back(Info.getArgStdStr(0));
  }
  std::vector<std::string> Unknown;
};

/// What clang's driver says is unknown in CommandLine.
std::vector<std::string>
unknownToDriver(const std::vector<std::string> &CommandLine) {
  llvm::IntrusiveRefCntPtr<DiagnosticIDs> Ids(new DiagnosticIDs());
  llvm::IntrusiveRefCntPtr<DiagnosticOptions> Options(new DiagnosticOptions());
  UnknownArgumentCollector Collector;
  DiagnosticsEngine Diags(Ids, Options, &Collector, /*ShouldOwnClient=*/false);
  driver::Driver Driver("clang", llvm::sys::getDefaultTargetTriple(), Diags);
  std::vector<const char *> Argv;
  for (size_t I = 1; I < CommandLine.size(); ++I)
    Argv.push_back(CommandLine[I].c_str());
  bool ContainsError = false;
  Driver.ParseArgStrings(Argv, /*UseDriverMode=*/true, ContainsError);
  return Collector.Unknown;
}

/// The position before `--` (after which only inputs follow), else the end.
std::vector<std::string>::iterator
optionsEnd(std::vector<std::string> &CommandLine) {
  return std::find(CommandLine.begin() + 1, CommandLine.end(), "--");
}

/// clangd's glob: `**` matches anything, `*` anything but a `/`.
std::string globToRegex(llvm::StringRef Glob) {
  std::string Regex = "^";
  for (size_t I = 0; I < Glob.size(); ++I) {
    if (Glob[I] == '*') {
      if (I + 1 < Glob.size() && Glob[I + 1] == '*') {
        Regex += ".*";
        ++I;
      } else {
        Regex += "[^/]*";
      }
    } else {
      Regex += llvm::Regex::escape(Glob.substr(I, 1));
    }
  }
  return Regex + "$";
}

std::string languageOf(const std::vector<std::string> &CommandLine) {
  for (size_t I = 1; I < CommandLine.size(); ++I) {
    llvm::StringRef Arg = CommandLine[I];
    if (Arg == "-x" && I + 1 < CommandLine.size())
      return CommandLine[I + 1];
    if (Arg.consume_front("-x") && !Arg.empty())
      return Arg.str();
  }
  for (auto It = CommandLine.rbegin(); It + 1 != CommandLine.rend(); ++It) {
    if (llvm::StringRef(*It).starts_with("-"))
      continue; // -DNAME=file.c is no input
    llvm::StringRef Extension = llvm::sys::path::extension(*It);
    if (Extension == ".c")
      return "c";
    if (Extension == ".m")
      return "objective-c";
  }
  bool CDriver = llvm::sys::path::filename(CommandLine.front()).contains("gcc") ||
                 llvm::sys::path::filename(CommandLine.front()) == "cc";
  return CDriver ? "c" : "c++";
}

} // namespace

std::string FlagChanges::describe() const {
  std::string Text;
  if (!Dropped.empty())
    Text = "dropped " + llvm::join(Dropped, ", ");
  if (!Translated.empty())
    Text += (Text.empty() ? "translated " : "; translated ") +
            llvm::join(Translated, ", ");
  return Text;
}

CompileCommandAdjuster::CompileCommandAdjuster(
    std::vector<std::string> QueryDriverGlobs) {
  for (const std::string &List : QueryDriverGlobs) {
    llvm::SmallVector<llvm::StringRef> Globs;
    llvm::StringRef(List).split(Globs, ',', -1, false);
    for (llvm::StringRef Glob : Globs)
      QueryDriverRegexes.push_back(globToRegex(Glob.trim()));
  }
}

const CompileCommandAdjuster::DriverFacts *
CompileCommandAdjuster::queryDriver(const std::vector<std::string> &CommandLine,
                                    llvm::StringRef Directory) {
  if (QueryDriverRegexes.empty() || CommandLine.empty())
    return nullptr;
  // The driver as clangd finds it: a bare name on PATH, a relative path
  // from the command's folder.
  std::string Driver = CommandLine.front();
  if (!llvm::sys::path::is_absolute(Driver)) {
    if (!llvm::StringRef(Driver).contains('/')) {
      auto Found = llvm::sys::findProgramByName(Driver);
      if (!Found)
        return nullptr;
      Driver = *Found;
    } else {
      llvm::SmallString<256> Path(Directory);
      llvm::sys::path::append(Path, Driver);
      Driver = std::string(Path);
    }
  }
  llvm::SmallString<256> Clean(Driver);
  llvm::sys::path::remove_dots(Clean, /*remove_dot_dot=*/true);
  Driver = std::string(Clean);
  if (llvm::none_of(QueryDriverRegexes, [&](const std::string &R) {
        return llvm::Regex(R).match(Driver);
      }))
    return nullptr;

  // The flags that change the driver's answer are passed on: clangd's list,
  // and the multilib switches that select another libstdc++ folder.
  std::string Language = languageOf(CommandLine);
  std::vector<std::string> Args = {Driver, "-E", "-x", Language, "-", "-v"};
  for (size_t I = 1; I < CommandLine.size(); ++I) {
    llvm::StringRef Arg = CommandLine[I];
    if (Arg == "-nostdinc" || Arg == "--no-standard-includes" ||
        Arg == "-nostdinc++" || Arg == "-nobuiltininc" ||
        Arg.starts_with("-stdlib=") || Arg.starts_with("--target=") ||
        Arg == "-m32" || Arg == "-m64" || Arg == "-mx32") {
      Args.push_back(Arg.str());
      continue;
    }
    for (llvm::StringRef Prefix : {"--sysroot", "-isysroot", "-target",
                                   "-specs", "--specs"}) {
      if (!Arg.starts_with(Prefix))
        continue;
      llvm::StringRef Rest = Arg.drop_front(Prefix.size());
      if (Rest.empty() && I + 1 < CommandLine.size()) {
        Args.push_back(Arg.str());
        Args.push_back(CommandLine[++I]);
      } else if (Rest.starts_with("=")) {
        Args.push_back(Arg.str());
      }
      break;
    }
  }
  std::string Key = llvm::join(Args, "\x1f");
  if (auto It = DriverCache.find(Key); It != DriverCache.end())
    return It->second ? &*It->second : nullptr;
  std::optional<DriverFacts> &Facts = DriverCache[Key];

  llvm::SmallString<128> StdErr;
  if (llvm::sys::fs::createTemporaryFile("conc-query-driver", "txt", StdErr)) {
    llvm::errs() << "conc-tidy: warning: --query-driver: cannot create a "
                    "temporary file\n";
    return nullptr;
  }
  std::optional<llvm::StringRef> Redirects[] = {llvm::StringRef(""),
                                                llvm::StringRef(""),
                                                llvm::StringRef(StdErr)};
  llvm::SmallVector<llvm::StringRef> ArgRefs(Args.begin(), Args.end());
  std::string Error;
  int Status = llvm::sys::ExecuteAndWait(Driver, ArgRefs, std::nullopt,
                                         Redirects, /*SecondsToWait=*/60, 0,
                                         &Error);
  auto Output = llvm::MemoryBuffer::getFile(StdErr);
  llvm::sys::fs::remove(StdErr);
  if (Status != 0 || !Output) {
    llvm::errs() << "conc-tidy: warning: --query-driver: '" << Driver
                 << "' failed (exit " << Status << ")"
                 << (Error.empty() ? "" : ": " + Error)
                 << "; its system folders are not added\n";
    return nullptr;
  }
  Facts.emplace();
  llvm::SmallVector<llvm::StringRef> Lines;
  (*Output)->getBuffer().split(Lines, '\n');
  bool InList = false;
  for (llvm::StringRef Line : Lines) {
    Line = Line.rtrim("\r");
    if (Line.starts_with("#include <...> search starts here:")) {
      InList = true;
    } else if (Line.starts_with("End of search list.")) {
      InList = false;
    } else if (InList) {
      llvm::StringRef Dir = Line.trim();
      Dir.consume_back(" (framework directory)");
      if (!Dir.empty())
        Facts->SystemIncludes.push_back(Dir.str());
    } else if (Line.consume_front("Target: ")) {
      Facts->Target = Line.trim().str();
    }
  }
  if (Facts->SystemIncludes.empty())
    llvm::errs() << "conc-tidy: warning: --query-driver: '" << Driver
                 << "' printed no system include folders\n";
  return &*Facts;
}

FlagChanges CompileCommandAdjuster::adjust(std::vector<std::string> &CommandLine,
                                           llvm::StringRef Directory) {
  FlagChanges Changes;
  if (CommandLine.empty())
    return Changes;
  const DriverFacts *Facts = queryDriver(CommandLine, Directory);

  // 1. The table, and warnings made errors.
  if (!isClDriver(CommandLine)) {
    std::vector<std::string> Kept = {CommandLine.front()};
    size_t OptionsEnd = optionsEnd(CommandLine) - CommandLine.begin();
    for (const ArgSpan &Span : argSpans(CommandLine)) {
      llvm::StringRef Flag = CommandLine[Span.Begin];
      bool Single = Span.End == Span.Begin + 1;
      const GccOnlyFlag *Row = nullptr;
      if (Single && Span.Begin < OptionsEnd && Flag.starts_with("-")) {
        if (isWarningPromotion(Flag)) {
          Changes.Dropped.push_back(Flag.str());
          continue;
        }
        Row = findRow(Flag, Span.Known);
      }
      if (Row && !Row->Replacement) {
        Changes.Dropped.push_back(Flag.str());
        continue;
      }
      if (Row) {
        std::string New = Row->Replacement;
        New += Flag.drop_front(strlen(Row->Spelling));
        Changes.Translated.push_back(Flag.str() + " -> " + New);
        Kept.push_back(New);
        continue;
      }
      Kept.insert(Kept.end(), CommandLine.begin() + Span.Begin,
                  CommandLine.begin() + Span.End);
    }
    CommandLine = std::move(Kept);

    // 2. What the table misses: the driver's "unknown argument", dropped
    // exactly, then asked once more.
    for (int Attempt = 0; Attempt < 2; ++Attempt) {
      std::vector<std::string> Unknown = unknownToDriver(CommandLine);
      if (Unknown.empty())
        break;
      if (Attempt == 1)
        break; // still rejected: clang-tidy will report it as an error
      for (const std::string &Arg : Unknown) {
        auto End = optionsEnd(CommandLine);
        auto It = std::find(CommandLine.begin() + 1, End, Arg);
        if (It == End)
          continue;
        Changes.Dropped.push_back(Arg);
        CommandLine.erase(It);
      }
    }
  }

  // 3. clang's warnings that are errors by default stay warnings.
  std::vector<std::string> Added(std::begin(KeepAsWarnings),
                                 std::end(KeepAsWarnings));
  // 4. --query-driver: the GCC driver's own system folders and target.
  if (Facts) {
    for (const std::string &Dir : Facts->SystemIncludes) {
      Added.push_back("-isystem");
      Added.push_back(Dir);
    }
    Changes.SystemIncludesAdded = Facts->SystemIncludes.size();
    bool HasTarget = llvm::any_of(CommandLine, [](llvm::StringRef A) {
      return A == "-target" || A.starts_with("--target=");
    });
    if (!Facts->Target.empty() && !HasTarget) {
      Added.push_back("--target=" + Facts->Target);
      Changes.TargetAdded = Facts->Target;
    }
  }
  CommandLine.insert(optionsEnd(CommandLine), Added.begin(), Added.end());
  return Changes;
}

namespace {

/// clang-tidy's -p and the flags after `--`, as clang-tidy reads them.
struct DatabaseSource {
  std::string BuildPath;
  std::optional<std::vector<std::string>> FixedArgs;
};

DatabaseSource databaseSource(const std::vector<std::string> &TidyArgs) {
  DatabaseSource Source;
  for (size_t I = 0; I < TidyArgs.size(); ++I) {
    llvm::StringRef Arg = TidyArgs[I];
    if (Arg == "--") {
      Source.FixedArgs.emplace(TidyArgs.begin() + I + 1, TidyArgs.end());
      break;
    }
    if (Arg == "-p" || Arg == "--p") {
      if (I + 1 < TidyArgs.size())
        Source.BuildPath = TidyArgs[++I];
    } else if (Arg.consume_front("-p=") || Arg.consume_front("--p=")) {
      Source.BuildPath = Arg.str();
    }
  }
  return Source;
}

std::string absolutePath(llvm::StringRef Path) {
  llvm::SmallString<256> P(Path);
  llvm::sys::fs::make_absolute(P);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

} // namespace

std::optional<std::string>
adjustCompileCommands(const std::vector<std::string> &TidyArgs,
                      const std::vector<std::string> &Sources,
                      llvm::StringRef WorkDir,
                      CompileCommandAdjuster &Adjuster, AdjustedCommands &Out) {
  DatabaseSource Source = databaseSource(TidyArgs);
  if (Source.FixedArgs) {
    // The same flags for every file: adjusted once, as clang-tidy's
    // FixedCompilationDatabase would give them (argv[0] is a placeholder).
    std::vector<std::string> CommandLine = {"clang-tool"};
    CommandLine.insert(CommandLine.end(), Source.FixedArgs->begin(),
                       Source.FixedArgs->end());
    FlagChanges Changes = Adjuster.adjust(CommandLine, ".");
    Out.FixedArgs.emplace(CommandLine.begin() + 1, CommandLine.end());
    for (const std::string &File : Sources)
      Out.Changes[absolutePath(File)] = Changes;
    return std::nullopt;
  }

  std::string Error;
  std::unique_ptr<tooling::CompilationDatabase> Database;
  if (!Source.BuildPath.empty())
    Database = tooling::CompilationDatabase::autoDetectFromDirectory(
        Source.BuildPath, Error);
  else if (!Sources.empty())
    Database = tooling::CompilationDatabase::autoDetectFromSource(
        absolutePath(Sources.front()), Error);
  if (!Database) {
    if (!Source.BuildPath.empty())
      return "cannot load the compilation database in '" + Source.BuildPath +
             "': " + Error;
    return std::nullopt; // clang-tidy runs with default flags and says so
  }

  llvm::json::Array Entries;
  for (const std::string &File : Sources) {
    std::string Absolute = absolutePath(File);
    for (tooling::CompileCommand &Command :
         Database->getCompileCommands(Absolute)) {
      // clang would abort (report_fatal_error) when it cannot enter the
      // command's folder: the unit is left out, with the reason.
      if (!llvm::sys::fs::is_directory(Command.Directory)) {
        Out.UnusableUnits[Absolute] =
            "its compile command runs in '" + Command.Directory +
            "', which is not a folder (was the build moved or deleted?)";
        continue;
      }
      FlagChanges Changes =
          Adjuster.adjust(Command.CommandLine, Command.Directory);
      FlagChanges &Unit = Out.Changes[Absolute];
      for (std::string &Flag : Changes.Dropped)
        if (!llvm::is_contained(Unit.Dropped, Flag))
          Unit.Dropped.push_back(std::move(Flag));
      for (std::string &Flag : Changes.Translated)
        if (!llvm::is_contained(Unit.Translated, Flag))
          Unit.Translated.push_back(std::move(Flag));
      Unit.SystemIncludesAdded =
          std::max(Unit.SystemIncludesAdded, Changes.SystemIncludesAdded);
      if (!Changes.TargetAdded.empty())
        Unit.TargetAdded = Changes.TargetAdded;
      llvm::json::Array Arguments;
      for (const std::string &Arg : Command.CommandLine)
        Arguments.push_back(Arg);
      Entries.push_back(llvm::json::Object{
          {"directory", Command.Directory},
          {"file", Absolute},
          {"arguments", std::move(Arguments)},
      });
    }
  }

  llvm::SmallString<256> Dir(WorkDir);
  llvm::sys::path::append(Dir, "adjusted-commands");
  if (std::error_code EC = llvm::sys::fs::create_directories(Dir))
    return "cannot create '" + std::string(Dir) + "': " + EC.message();
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, "compile_commands.json");
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC);
  if (EC)
    return "cannot write '" + std::string(Path) + "': " + EC.message();
  OS << llvm::formatv("{0:2}", llvm::json::Value(std::move(Entries))) << "\n";
  OS.close();
  if (OS.has_error()) {
    OS.clear_error();
    return "cannot write '" + std::string(Path) + "'";
  }
  Out.DatabaseDir = std::string(Dir);
  return std::nullopt;
}

std::vector<std::string>
withAdjustedCommands(const std::vector<std::string> &TidyArgs,
                     const AdjustedCommands &Adjusted) {
  std::vector<std::string> Args;
  for (size_t I = 0; I < TidyArgs.size(); ++I) {
    llvm::StringRef Arg = TidyArgs[I];
    if (Arg == "--") {
      if (!Adjusted.DatabaseDir.empty())
        Args.push_back("-p=" + Adjusted.DatabaseDir);
      Args.push_back("--");
      if (Adjusted.FixedArgs)
        Args.insert(Args.end(), Adjusted.FixedArgs->begin(),
                    Adjusted.FixedArgs->end());
      else
        Args.insert(Args.end(), TidyArgs.begin() + I + 1, TidyArgs.end());
      return Args;
    }
    bool IsBuildPath = Arg == "-p" || Arg == "--p" ||
                       Arg.starts_with("-p=") || Arg.starts_with("--p=");
    if (IsBuildPath && !Adjusted.DatabaseDir.empty()) {
      if (Arg == "-p" || Arg == "--p")
        ++I;
      continue;
    }
    Args.push_back(Arg.str());
  }
  if (!Adjusted.DatabaseDir.empty())
    Args.push_back("-p=" + Adjusted.DatabaseDir);
  return Args;
}

} // namespace clang::tidy::conc
