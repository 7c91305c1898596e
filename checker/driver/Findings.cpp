//===--- Findings.cpp - conc-tidy -----------------------------------------===//
//
// Part of conc.
//
//===----------------------------------------------------------------------===//

#include "driver/Findings.h"

#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace clang::tidy::conc {

const SourceFiles::Lines *SourceFiles::load(llvm::StringRef File) {
  auto [It, Inserted] = Cache.try_emplace(File);
  if (!Inserted)
    return It->second.get();
  auto Buffer = llvm::MemoryBuffer::getFile(File);
  if (!Buffer)
    return nullptr;
  auto L = std::make_unique<Lines>();
  L->Text = (*Buffer)->getBuffer().str();
  L->Starts.push_back(0);
  for (unsigned I = 0; I < L->Text.size(); ++I)
    if (L->Text[I] == '\n')
      L->Starts.push_back(I + 1);
  It->second = std::move(L);
  return It->second.get();
}

SourcePosition SourceFiles::position(llvm::StringRef File, unsigned Offset) {
  SourcePosition P{File.str(), 0, 0};
  if (File.empty())
    return P;
  const Lines *L = load(File);
  if (!L)
    return P;
  auto Next = std::upper_bound(L->Starts.begin(), L->Starts.end(), Offset);
  unsigned LineIndex = static_cast<unsigned>(Next - L->Starts.begin()) - 1;
  P.Line = LineIndex + 1;
  P.Column = Offset - L->Starts[LineIndex] + 1;
  return P;
}

llvm::StringRef SourceFiles::lineText(llvm::StringRef File, unsigned Line) {
  const Lines *L = File.empty() ? nullptr : load(File);
  if (!L || Line == 0 || Line > L->Starts.size())
    return {};
  llvm::StringRef Text = L->Text;
  Text = Text.drop_front(L->Starts[Line - 1]);
  return Text.take_until([](char C) { return C == '\n'; }).rtrim('\r');
}

namespace {

/// Diagnostics come with the path the compiler saw, which may be relative to
/// the build directory of the translation unit.
std::string absolutePath(llvm::StringRef File, llvm::StringRef BuildDir) {
  if (File.empty())
    return {};
  llvm::SmallString<256> Path(File);
  if (!llvm::sys::path::is_absolute(Path) && !BuildDir.empty()) {
    Path = BuildDir;
    llvm::sys::path::append(Path, File);
  }
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  return std::string(Path);
}

} // namespace

std::optional<std::string> readExportedFixes(llvm::StringRef YamlPath,
                                             SourceFiles &Sources,
                                             RunResult &Result) {
  auto Buffer = llvm::MemoryBuffer::getFile(YamlPath);
  if (!Buffer)
    return "cannot read " + YamlPath.str() + ": " +
           Buffer.getError().message();
  tooling::TranslationUnitDiagnostics Exported;
  llvm::yaml::Input YIn((*Buffer)->getBuffer());
  YIn >> Exported;
  if (YIn.error())
    return "malformed diagnostics in " + YamlPath.str();
  for (const tooling::Diagnostic &D : Exported.Diagnostics) {
    std::string File = absolutePath(D.Message.FilePath, D.BuildDirectory);
    SourcePosition Where = Sources.position(File, D.Message.FileOffset);
    bool CompilerError = D.DiagLevel == tooling::Diagnostic::Error &&
                         llvm::StringRef(D.DiagnosticName)
                             .starts_with("clang-diagnostic-");
    if (CompilerError) {
      std::string Place = File.empty() ? Exported.MainSourceFile : File;
      std::string Message = D.Message.Message;
      if (Where.Line)
        Message = (Place == Exported.MainSourceFile ? "line " : Place + ":") +
                  std::to_string(Where.Line) + ":" +
                  std::to_string(Where.Column) + ": " + Message;
      Result.Errors.push_back({Exported.MainSourceFile,
                               "does not compile: " + Message});
      continue;
    }
    // A diagnostic about the whole unit (a command-line warning): code
    // scanning needs a place, so it goes to the unit's first line.
    if (Where.File.empty())
      Where = {absolutePath(Exported.MainSourceFile, D.BuildDirectory), 1, 1};
    Finding F;
    F.Check = D.DiagnosticName;
    F.Level = D.DiagLevel == tooling::Diagnostic::Error ? "error" : "warning";
    F.Message = D.Message.Message;
    F.Where = Where;
    for (const tooling::DiagnosticMessage &N : D.Notes)
      F.Notes.push_back(
          {N.Message,
           Sources.position(absolutePath(N.FilePath, D.BuildDirectory),
                            N.FileOffset)});
    Result.Findings.push_back(std::move(F));
  }
  return std::nullopt;
}

std::string relativeToRoot(llvm::StringRef File, llvm::StringRef Root) {
  if (Root.empty() || !File.starts_with(Root))
    return File.str();
  llvm::StringRef Rest = File.drop_front(Root.size());
  if (Rest.empty() || !llvm::sys::path::is_separator(Rest.front()))
    return File.str();
  return Rest.drop_front().str();
}

void finalizeFindings(RunResult &Result, llvm::StringRef Root,
                      SourceFiles &Sources) {
  auto Key = [](const Finding &F) {
    return std::tie(F.Where.File, F.Where.Line, F.Where.Column, F.Check,
                    F.Message);
  };
  std::sort(Result.Findings.begin(), Result.Findings.end(),
                   [&](const Finding &A, const Finding &B) {
                     return Key(A) < Key(B);
                   });
  Result.Findings.erase(
      std::unique(Result.Findings.begin(), Result.Findings.end(),
                  [&](const Finding &A, const Finding &B) {
                    return Key(A) == Key(B);
                  }),
      Result.Findings.end());

  // Identical findings on identical lines of one file (a copied block) are
  // told apart by their rank, which does not change when other lines move.
  std::map<std::string, unsigned> Seen;
  for (Finding &F : Result.Findings) {
    if (!F.Fingerprint.empty())
      continue; // read back from a report being merged
    std::string Basis = F.Check + '\0' + relativeToRoot(F.Where.File, Root) +
                        '\0' + F.Message + '\0' +
                        Sources.lineText(F.Where.File, F.Where.Line)
                            .trim()
                            .str();
    unsigned Rank = Seen[Basis]++;
    Basis += '\0' + std::to_string(Rank);
    auto Digest = llvm::SHA256::hash(llvm::arrayRefFromStringRef(Basis));
    F.Fingerprint = llvm::toHex(llvm::ArrayRef(Digest).take_front(16),
                                /*LowerCase=*/true);
  }

  std::sort(Result.Errors.begin(), Result.Errors.end(),
                   [](const ToolError &A, const ToolError &B) {
                     return std::tie(A.File, A.Message) <
                            std::tie(B.File, B.Message);
                   });
  Result.Errors.erase(std::unique(Result.Errors.begin(), Result.Errors.end(),
                                  [](const ToolError &A, const ToolError &B) {
                                    return A.File == B.File &&
                                           A.Message == B.Message;
                                  }),
                      Result.Errors.end());
}

} // namespace clang::tidy::conc
