//===--- Baseline.cpp - conc-tidy -----------------------------------------===//
//
// Part of conc.
//
//===----------------------------------------------------------------------===//

#include "driver/Baseline.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

namespace clang::tidy::conc {

std::optional<std::string> readBaseline(llvm::StringRef Path,
                                        llvm::StringSet<> &Fingerprints) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return "cannot read baseline '" + Path.str() +
           "': " + Buffer.getError().message();
  auto Corrupt = [&](const llvm::Twine &Why) {
    return ("corrupt baseline '" + Path + "': " + Why +
            " (write a new one with --write-baseline)")
        .str();
  };
  auto Parsed = llvm::json::parse((*Buffer)->getBuffer());
  if (!Parsed)
    return Corrupt(llvm::toString(Parsed.takeError()));
  const llvm::json::Object *Top = Parsed->getAsObject();
  if (!Top || Top->getString("format") != "conc-tidy-baseline")
    return Corrupt("not a conc-tidy baseline");
  if (Top->getInteger("version") != 1)
    return Corrupt("unsupported version");
  const llvm::json::Array *Accepted = Top->getArray("findings");
  if (!Accepted)
    return Corrupt("no 'findings' array");
  for (const llvm::json::Value &V : *Accepted) {
    const llvm::json::Object *O = V.getAsObject();
    std::optional<llvm::StringRef> Fingerprint =
        O ? O->getString("fingerprint") : std::nullopt;
    if (!Fingerprint || Fingerprint->empty())
      return Corrupt("an entry without a fingerprint");
    Fingerprints.insert(*Fingerprint);
  }
  return std::nullopt;
}

std::string baselineText(const RunResult &Result, llvm::StringRef Root) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  llvm::json::OStream J(OS, 2);
  J.object([&] {
    J.attribute("format", "conc-tidy-baseline");
    J.attribute("version", 1);
    J.attributeArray("findings", [&] {
      for (const Finding &F : Result.Findings)
        J.object([&] {
          J.attribute("fingerprint", F.Fingerprint);
          J.attribute("check", F.Check);
          J.attribute("file", relativeToRoot(F.Where.File, Root));
          J.attribute("message", F.Message);
        });
    });
  });
  OS << "\n";
  return Text;
}

unsigned applyBaseline(RunResult &Result, const llvm::StringSet<> &Accepted) {
  size_t Before = Result.Findings.size();
  llvm::erase_if(Result.Findings, [&](const Finding &F) {
    return Accepted.contains(F.Fingerprint);
  });
  return static_cast<unsigned>(Before - Result.Findings.size());
}

} // namespace clang::tidy::conc
