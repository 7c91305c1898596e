//===--- ChangedLines.cpp - conc-tidy -------------------------------------===//
//
// Part of conc.
//
//===----------------------------------------------------------------------===//

#include "driver/ChangedLines.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"

namespace clang::tidy::conc {

std::optional<std::string> parseUnifiedDiff(llvm::StringRef Diff,
                                            ChangedLines &Lines) {
  std::string Current; // empty: a deleted file, or before the first header
  bool SawHeader = false;
  llvm::SmallVector<llvm::StringRef> All;
  Diff.split(All, '\n');
  for (llvm::StringRef Line : All) {
    if (Line.consume_front("+++ ")) {
      SawHeader = true;
      Line = Line.rtrim("\r").split('\t').first.trim('"');
      if (Line == "/dev/null") {
        Current.clear();
        continue;
      }
      Line.consume_front("b/");
      Current = Line.str();
      Lines[Current]; // a file may change by deletions only
      continue;
    }
    if (!Line.starts_with("@@ ") || Current.empty())
      continue;
    // @@ -a[,b] +c[,d] @@
    size_t Plus = Line.find(" +");
    if (Plus == llvm::StringRef::npos)
      return "malformed hunk header: " + Line.str();
    llvm::StringRef Range = Line.drop_front(Plus + 2).take_until(
        [](char C) { return C == ' '; });
    auto [StartText, CountText] = Range.split(',');
    unsigned Start = 0, Count = 1;
    if (StartText.getAsInteger(10, Start) ||
        (!CountText.empty() && CountText.getAsInteger(10, Count)))
      return "malformed hunk header: " + Line.str();
    for (unsigned L = Start; L < Start + Count; ++L)
      Lines[Current].insert(L);
  }
  if (!SawHeader && !Diff.trim().empty())
    return std::string("not a unified diff (no '+++ ' file header)");
  return std::nullopt;
}

std::optional<std::string> readDiffFile(llvm::StringRef Path,
                                        ChangedLines &Lines) {
  auto Buffer = llvm::MemoryBuffer::getFileOrSTDIN(Path);
  if (!Buffer)
    return "cannot read --diff '" + Path.str() +
           "': " + Buffer.getError().message();
  if (auto Error = parseUnifiedDiff((*Buffer)->getBuffer(), Lines))
    return "--diff '" + Path.str() + "': " + *Error;
  return std::nullopt;
}

std::optional<std::string> changedSince(llvm::StringRef Rev,
                                        llvm::StringRef Root,
                                        ChangedLines &Lines) {
  auto Git = llvm::sys::findProgramByName("git");
  if (!Git)
    return std::string("--changed-since needs git, which is not on PATH");
  llvm::SmallString<128> Out, Err;
  llvm::sys::fs::createTemporaryFile("conc-tidy-diff", "txt", Out);
  llvm::sys::fs::createTemporaryFile("conc-tidy-diff", "err", Err);
  std::string RootArg = Root.str(), RevArg = Rev.str();
  llvm::SmallVector<llvm::StringRef> Args = {
      *Git,        "-C",          RootArg,  "diff", "--no-color",
      "--no-ext-diff", "--relative", "-U0", RevArg, "--"};
  std::optional<llvm::StringRef> Redirects[] = {std::nullopt, Out.str(),
                                                Err.str()};
  int Status = llvm::sys::ExecuteAndWait(*Git, Args, std::nullopt, Redirects);
  auto Text = llvm::MemoryBuffer::getFile(Out);
  auto Message = llvm::MemoryBuffer::getFile(Err);
  std::optional<std::string> Error;
  if (Status != 0 || !Text)
    Error = "--changed-since " + Rev.str() + ": git diff failed: " +
            (Message ? (*Message)->getBuffer().trim().split('\n').first.str()
                     : std::string("no output"));
  else
    Error = parseUnifiedDiff((*Text)->getBuffer(), Lines);
  llvm::sys::fs::remove(Out);
  llvm::sys::fs::remove(Err);
  return Error;
}

unsigned keepChangedLines(RunResult &Result, const ChangedLines &Lines,
                          llvm::StringRef Root) {
  size_t Before = Result.Findings.size();
  llvm::erase_if(Result.Findings, [&](const Finding &F) {
    auto It = Lines.find(relativeToRoot(F.Where.File, Root));
    return It == Lines.end() || !It->second.count(F.Where.Line);
  });
  return static_cast<unsigned>(Before - Result.Findings.size());
}

} // namespace clang::tidy::conc
