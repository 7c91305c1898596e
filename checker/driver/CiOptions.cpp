//===--- CiOptions.cpp - conc-tidy ----------------------------------------===//
//
// Part of conc.
//
//===----------------------------------------------------------------------===//

#include "driver/CiOptions.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Regex.h"

namespace clang::tidy::conc {
namespace {

const llvm::StringSet<> TidyOptionsWithValue = {
    "checks",       "config",        "config-file",
    "export-fixes", "extra-arg",     "extra-arg-before",
    "format-style", "header-filter", "exclude-header-filter",
    "line-filter",  "load",          "p",
    "store-check-profile", "vfsoverlay", "warnings-as-errors"};

/// conc's flags that take a value; `merge`, `progress` and `no-progress`
/// take none.
const llvm::StringSet<> CiOptionsWithValue = {
    "j",      "jobs",          "format",     "output",    "baseline",
    "write-baseline", "shard", "changed-since", "diff",    "cache-dir",
    "timeout", "files-regex",  "exclude",    "root",      "lock-graph"};

const llvm::StringSet<> CiFlags = {"merge", "progress", "no-progress"};

/// conc's flags that are not clang-tidy's but do not select CI mode either:
/// they mean the same in both modes.
const llvm::StringSet<> BothModesOptionsWithValue = {"query-driver"};

/// clang-tidy flags that lint nothing: `-p build --list-checks` stays
/// clang-tidy's.
const llvm::StringSet<> InformationalFlags = {
    "list-checks", "dump-config",  "explain-config", "verify-config",
    "help",        "help-hidden",  "help-list",      "version",
    "print-all-options", "print-options"};

/// `--name=value`, `-name=value`, `-name value`: the name without dashes.
llvm::StringRef optionName(llvm::StringRef Arg) {
  Arg = Arg.drop_front(Arg.starts_with("--") ? 2 : 1);
  return Arg.take_until([](char C) { return C == '='; });
}

std::optional<std::string> parseUnsigned(llvm::StringRef Flag,
                                         llvm::StringRef Value,
                                         unsigned &Out) {
  if (Value.trim().getAsInteger(10, Out))
    return "--" + Flag.str() + " expects a number, got '" + Value.str() + "'";
  return std::nullopt;
}

std::optional<std::string> applyCiOption(llvm::StringRef Name,
                                         const std::string &Value,
                                         CiOptions &Options) {
  if (Name == "j" || Name == "jobs") {
    if (auto Error = parseUnsigned("jobs", Value, Options.Jobs))
      return Error;
    if (Options.Jobs == 0)
      return std::string("-j expects at least 1");
  } else if (Name == "format") {
    if (Value == "text")
      Options.Format = OutputFormat::Text;
    else if (Value == "json")
      Options.Format = OutputFormat::Json;
    else if (Value == "sarif")
      Options.Format = OutputFormat::Sarif;
    else
      return "--format=" + Value + " is not one of text, json, sarif";
  } else if (Name == "output") {
    Options.OutputPath = Value;
  } else if (Name == "baseline") {
    Options.BaselinePath = Value;
  } else if (Name == "write-baseline") {
    Options.WriteBaselinePath = Value;
  } else if (Name == "shard") {
    auto [Index, Count] = llvm::StringRef(Value).split('/');
    if (Index.getAsInteger(10, Options.ShardIndex) ||
        Count.getAsInteger(10, Options.ShardCount) || Options.ShardCount == 0)
      return "--shard expects K/N with 1 <= K <= N, got '" + Value + "'";
    if (Options.ShardIndex < 1 || Options.ShardIndex > Options.ShardCount)
      return "--shard " + Value + ": shard " +
             std::to_string(Options.ShardIndex) + " does not exist (K/N "
             "needs 1 <= K <= N)";
  } else if (Name == "changed-since") {
    Options.ChangedSince = Value;
  } else if (Name == "diff") {
    Options.DiffPath = Value;
  } else if (Name == "cache-dir") {
    Options.CacheDir = Value;
  } else if (Name == "timeout") {
    if (llvm::StringRef(Value).trim().getAsDouble(Options.TimeoutSeconds) ||
        Options.TimeoutSeconds <= 0)
      return "--timeout expects seconds > 0, got '" + Value + "'";
  } else if (Name == "files-regex" || Name == "exclude") {
    std::string Error;
    if (!llvm::Regex(Value).isValid(Error))
      return "--" + Name.str() + ": invalid regular expression '" + Value +
             "': " + Error;
    (Name == "exclude" ? Options.ExcludeRegex : Options.FilesRegex) = Value;
  } else if (Name == "root") {
    Options.Root = Value;
  } else if (Name == "lock-graph") {
    llvm::StringRef Extension = llvm::StringRef(Value).rsplit('.').second;
    if (Value.empty() || (Extension != "dot" && Extension != "svg"))
      return "--lock-graph expects a file name ending in .dot or .svg, got '" +
             Value + "'";
    Options.LockGraphPath = Value;
  }
  return std::nullopt;
}

} // namespace

bool tidyOptionTakesValue(const std::string &Name) {
  return TidyOptionsWithValue.contains(Name);
}

std::optional<std::string> parseCiOptions(const std::vector<std::string> &Args,
                                          CiOptions &Options) {
  bool SawCiFlag = false, Informational = false;
  for (size_t I = 1; I < Args.size(); ++I) {
    llvm::StringRef Arg = Args[I];
    if (Arg == "--") {
      Options.TidyArgs.insert(Options.TidyArgs.end(), Args.begin() + I,
                              Args.end());
      break;
    }
    if (!Arg.starts_with("-") || Arg == "-") {
      Options.Sources.push_back(Arg.str());
      continue;
    }
    llvm::StringRef Name = optionName(Arg);
    // -j4: the short form without a separator.
    if (Name.size() > 1 && Name.starts_with("j") &&
        llvm::all_of(Name.drop_front(), [](char C) { return isdigit(C); })) {
      SawCiFlag = true;
      if (auto Error = applyCiOption("j", Name.drop_front().str(), Options))
        return Error;
      continue;
    }
    if (CiFlags.contains(Name)) {
      SawCiFlag = true;
      if (Arg.contains('='))
        return "--" + Name.str() + " takes no value";
      if (Name == "merge")
        Options.Merge = true;
      else
        Options.Progress = Name == "progress";
      continue;
    }
    if (BothModesOptionsWithValue.contains(Name)) {
      std::string Value;
      if (size_t Eq = Arg.find('='); Eq != llvm::StringRef::npos)
        Value = Arg.substr(Eq + 1).str();
      else if (I + 1 < Args.size())
        Value = Args[++I];
      else
        return "--" + Name.str() + " expects a value";
      if (Value.empty())
        return "--" + Name.str() + " expects a glob (e.g. /usr/bin/g++*)";
      Options.QueryDriverGlobs.push_back(Value);
      continue;
    }
    if (CiOptionsWithValue.contains(Name)) {
      SawCiFlag = true;
      std::string Value;
      if (size_t Eq = Arg.find('='); Eq != llvm::StringRef::npos)
        Value = Arg.substr(Eq + 1).str();
      else if (I + 1 < Args.size())
        Value = Args[++I];
      else
        return "--" + Name.str() + " expects a value";
      if (auto Error = applyCiOption(Name, Value, Options))
        return Error;
      continue;
    }
    Informational |= InformationalFlags.contains(Name);
    Options.TidyArgs.push_back(Arg.str());
    if (!Arg.contains('=') && TidyOptionsWithValue.contains(Name) &&
        I + 1 < Args.size()) {
      Options.TidyArgs.push_back(Args[++I]);
      if (Name == "p")
        Options.BuildPath = Args[I];
    } else if (Name == "p" && Arg.contains('=')) {
      Options.BuildPath = Arg.substr(Arg.find('=') + 1).str();
    }
  }
  // clang-tidy needs at least one file; `-p build` alone means "all of it".
  Options.Enabled = SawCiFlag || (!Options.BuildPath.empty() &&
                                  Options.Sources.empty() && !Informational);
  if (Options.Merge)
    Options.MergeInputs = Options.Sources;
  return std::nullopt;
}

} // namespace clang::tidy::conc
