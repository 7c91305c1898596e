//===--- CommandLineChecks.cpp - conc-tidy --------------------------------===//
//
// Part of conc.
//
//===----------------------------------------------------------------------===//

#include "driver/CommandLineChecks.h"

#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang-tidy/GlobList.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace clang::tidy::conc {
namespace {

/// clang-tidy's options that take a value, which may also come as the next
/// argument (`-p build` as well as `-p=build`).
const llvm::StringSet<> OptionsWithValue = {
    "checks",      "config",        "config-file",
    "export-fixes", "extra-arg",    "extra-arg-before",
    "format-style", "header-filter", "exclude-header-filter",
    "line-filter", "load",          "p",
    "store-check-profile", "vfsoverlay", "warnings-as-errors"};

struct ParsedCommandLine {
  std::optional<std::string> Checks;
  std::optional<std::string> BuildPath;
  std::vector<std::string> Sources;
  bool AllowAlphaCheckers = false;
  bool MentionsResourceDir = false;
};

/// `--name=value`, `-name=value`, `-name value`: the name without dashes.
llvm::StringRef optionName(llvm::StringRef Arg) {
  Arg = Arg.drop_front(Arg.starts_with("--") ? 2 : 1);
  return Arg.take_until([](char C) { return C == '='; });
}

ParsedCommandLine parse(const std::vector<std::string> &Args) {
  ParsedCommandLine Parsed;
  for (size_t I = 1; I < Args.size(); ++I) {
    llvm::StringRef Arg = Args[I];
    if (Arg.contains("-resource-dir"))
      Parsed.MentionsResourceDir = true;
    if (Arg == "--") {
      for (size_t J = I + 1; J < Args.size(); ++J)
        if (llvm::StringRef(Args[J]).contains("-resource-dir"))
          Parsed.MentionsResourceDir = true;
      break;
    }
    if (!Arg.starts_with("-") || Arg == "-") {
      if (!Arg.starts_with("@"))
        Parsed.Sources.push_back(Arg.str());
      continue;
    }
    llvm::StringRef Name = optionName(Arg);
    std::optional<std::string> Value;
    if (size_t Eq = Arg.find('='); Eq != llvm::StringRef::npos)
      Value = Arg.substr(Eq + 1).str();
    else if (OptionsWithValue.contains(Name) && I + 1 < Args.size())
      Value = Args[++I];
    if (Name == "checks")
      Parsed.Checks = Value;
    else if (Name == "p")
      Parsed.BuildPath = Value;
    else if (Name == "allow-enabling-analyzer-alpha-checkers")
      Parsed.AllowAlphaCheckers = true;
  }
  return Parsed;
}

std::optional<std::string> checkPatterns(llvm::StringRef Checks,
                                         bool AllowAlphaCheckers) {
  ClangTidyOptions All = ClangTidyOptions::getDefaults();
  All.Checks = "*";
  std::vector<std::string> Known = getCheckNames(All, AllowAlphaCheckers);

  llvm::SmallVector<llvm::StringRef> Patterns;
  Checks.split(Patterns, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (llvm::StringRef Pattern : Patterns) {
    Pattern = Pattern.trim();
    if (Pattern.empty() || Pattern.starts_with("-"))
      continue; // disabling something that does not exist harms nobody
    // Compiler warnings are checks too: clang-diagnostic-<warning>.
    if (Pattern.starts_with("clang-diagnostic-"))
      continue;
    GlobList Glob(Pattern);
    bool Matches = llvm::any_of(
        Known, [&](const std::string &Name) { return Glob.contains(Name); });
    if (!Matches)
      return "unknown check '" + Pattern.str() +
             "' in --checks (conc-tidy --list-checks --checks='*' lists them)";
  }
  return std::nullopt;
}

std::optional<std::string> checkBuildPath(llvm::StringRef BuildPath) {
  if (!llvm::sys::fs::exists(BuildPath))
    return "-p names '" + BuildPath.str() + "', which does not exist";
  if (!llvm::sys::fs::is_directory(BuildPath)) {
    if (llvm::sys::path::filename(BuildPath) == "compile_commands.json")
      return std::nullopt;
    return "-p names '" + BuildPath.str() +
           "', which is neither a build folder nor a compile_commands.json";
  }
  for (const char *Database : {"compile_commands.json", "compile_flags.txt"}) {
    llvm::SmallString<256> Candidate(BuildPath);
    llvm::sys::path::append(Candidate, Database);
    if (llvm::sys::fs::exists(Candidate))
      return std::nullopt;
  }
  return "no compile_commands.json in '" + BuildPath.str() +
         "' (-p names the build folder that has it; CMake writes one with "
         "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON)";
}

} // namespace

std::optional<std::string>
checkCommandLine(const std::vector<std::string> &Args) {
  ParsedCommandLine Parsed = parse(Args);
  if (Parsed.Checks)
    if (auto Error = checkPatterns(*Parsed.Checks, Parsed.AllowAlphaCheckers))
      return Error;
  if (Parsed.BuildPath)
    if (auto Error = checkBuildPath(*Parsed.BuildPath))
      return Error;
  for (const std::string &Source : Parsed.Sources)
    if (!llvm::sys::fs::exists(Source))
      return "no such file: '" + Source + "'";
  return std::nullopt;
}

void addResourceDir(std::vector<std::string> &Args) {
  if (parse(Args).MentionsResourceDir)
    return;
  Args.insert(Args.begin() + 1,
              "--extra-arg-before=-resource-dir=" CONC_CLANG_RESOURCE_DIR);
}

} // namespace clang::tidy::conc
