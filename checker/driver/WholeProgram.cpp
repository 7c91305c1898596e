//===--- WholeProgram.cpp - conc-tidy -------------------------------------===//
//
// Part of conc.
//
//===----------------------------------------------------------------------===//

#include "driver/WholeProgram.h"

#include "driver/Reports.h"

#include "analysis/ProjectLockGraph.h"
#include "analysis/ProjectThreadOwnership.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

#include <map>

namespace clang::tidy::conc {
namespace {

/// Stable when unrelated files change, or lines move: the check, the
/// message, and for every step of the path its file, its message and the
/// text of its line, never a line number.
std::string pathFingerprint(const Finding &F, llvm::StringRef Root,
                            SourceFiles &Sources,
                            std::map<std::string, unsigned> &Seen) {
  std::string Basis = F.Check + '\0' + F.Message;
  auto Add = [&](const SourcePosition &P, llvm::StringRef Message) {
    Basis += '\0' + relativeToRoot(P.File, Root) + '\0' + Message.str() +
             '\0' + Sources.lineText(P.File, P.Line).trim().str();
  };
  Add(F.Where, "");
  for (const FindingNote &N : F.Notes)
    Add(N.Where, N.Message);
  Basis += '\0' + std::to_string(Seen[Basis]++);
  auto Digest = llvm::SHA256::hash(llvm::arrayRefFromStringRef(Basis));
  return llvm::toHex(llvm::ArrayRef(Digest).take_front(16),
                     /*LowerCase=*/true);
}

SourcePosition positionOf(const analysis::Place &P) {
  return {P.File, P.Line, P.Column};
}

std::optional<std::string> writeLockGraph(const analysis::ProjectLockGraph &Graph,
                                          const std::vector<analysis::LockCycle> &Cycles,
                                          llvm::StringRef Root,
                                          llvm::StringRef Path) {
  std::string Dot;
  llvm::raw_string_ostream OS(Dot);
  Graph.writeDot(OS, Cycles, [&](llvm::StringRef File) {
    return relativeToRoot(File, Root);
  });
  if (!Path.ends_with(".svg"))
    return writeFileAtomically(Path, Dot);
  auto DotProgram = llvm::sys::findProgramByName("dot");
  if (!DotProgram)
    return "--lock-graph=" + Path.str() +
           ": an .svg needs Graphviz's 'dot', which is not in PATH "
           "(scripts/install-deps.sh installs it); write a .dot file instead";
  llvm::SmallString<128> DotFile;
  if (std::error_code EC =
          llvm::sys::fs::createTemporaryFile("conc-lock-graph", "dot", DotFile))
    return "cannot write a temporary file: " + EC.message();
  if (auto Error = writeFileAtomically(DotFile, Dot)) {
    llvm::sys::fs::remove(DotFile);
    return Error;
  }
  std::string Svg = (Path + ".tmp-svg").str();
  std::string ErrorMessage;
  int Status = llvm::sys::ExecuteAndWait(
      *DotProgram, {*DotProgram, "-Tsvg", "-o", Svg, DotFile.str()},
      std::nullopt, {}, /*SecondsToWait=*/120, 0, &ErrorMessage);
  llvm::sys::fs::remove(DotFile);
  if (Status != 0) {
    llvm::sys::fs::remove(Svg);
    return "--lock-graph=" + Path.str() + ": 'dot -Tsvg' failed" +
           (ErrorMessage.empty() ? "" : ": " + ErrorMessage);
  }
  if (std::error_code EC = llvm::sys::fs::rename(Svg, Path)) {
    llvm::sys::fs::remove(Svg);
    return "cannot write '" + Path.str() + "': " + EC.message();
  }
  return std::nullopt;
}

} // namespace

void orderFacts(RunResult &Result) {
  // Units finish in any order: the report lists their facts by unit, and
  // a unit read twice (listed twice, merged twice) counts once.
  llvm::sort(Result.Facts, [](const analysis::UnitFacts &A,
                              const analysis::UnitFacts &B) {
    return A.Unit < B.Unit;
  });
  Result.Facts.erase(std::unique(Result.Facts.begin(), Result.Facts.end(),
                                 [](const analysis::UnitFacts &A,
                                    const analysis::UnitFacts &B) {
                                   return A.Unit == B.Unit;
                                 }),
                     Result.Facts.end());
}

WholeProgram::WholeProgram(const RunResult &Result)
    // The graph keeps its own copy: Result keeps the facts for the report.
    : Graph(std::make_unique<analysis::ProjectLockGraph>(Result.Facts)) {}

WholeProgram::~WholeProgram() = default;

void WholeProgram::dropDisproven(RunResult &Result) const {
  // A lock still held on a way out of its function, as its unit saw it,
  // that a callee defined in another unit releases.
  llvm::erase_if(Result.Findings, [&](const Finding &F) {
    return F.Check == "conc-manual-lock" && !F.WholeProgram &&
           llvm::StringRef(F.Message).contains("is locked here and still held") &&
           Graph->releasedThroughCall({F.Where.File, F.Where.Line,
                                       F.Where.Column});
  });
}

std::optional<std::string>
WholeProgram::addFindings(RunResult &Result, llvm::StringRef Root,
                          SourceFiles &Sources,
                          llvm::StringRef LockGraphPath) {
  std::vector<analysis::LockCycle> Cycles = Graph->crossUnitCycles();
  std::map<std::string, unsigned> Seen;
  for (const analysis::LockCycle &Cycle : Cycles) {
    Finding F;
    F.Check = "conc-lock-order";
    F.Level = "warning";
    F.Message = Cycle.Message;
    F.Where = positionOf(Cycle.Where);
    for (const analysis::PathStep &Step : Cycle.Steps)
      F.Notes.push_back({Step.Message, positionOf(Step.Where)});
    F.WholeProgram = true;
    F.Fingerprint = pathFingerprint(F, Root, Sources, Seen);
    Result.Findings.push_back(std::move(F));
  }

  for (const analysis::UnjoinedMember &Member :
       analysis::unjoinedThreadMembers(Result.Facts)) {
    Finding F;
    F.Check = "conc-unjoined-thread";
    F.Level = "warning";
    F.Message = Member.Message;
    F.Where = positionOf(Member.Where);
    for (const analysis::PathStep &Step : Member.Steps)
      F.Notes.push_back({Step.Message, positionOf(Step.Where)});
    F.WholeProgram = true;
    F.Fingerprint = pathFingerprint(F, Root, Sources, Seen);
    Result.Findings.push_back(std::move(F));
  }

  if (!LockGraphPath.empty())
    return writeLockGraph(*Graph,
                          Graph->cycles(/*MaxLength=*/5, /*MaxCycles=*/100,
                                        /*OnlyAcrossUnits=*/false),
                          Root, LockGraphPath);
  return std::nullopt;
}

} // namespace clang::tidy::conc
