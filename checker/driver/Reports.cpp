//===--- Reports.cpp - conc-tidy ------------------------------------------===//
//
// Part of conc.
//
//===----------------------------------------------------------------------===//

#include "driver/Reports.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

#include <map>
#include <unistd.h>

namespace clang::tidy::conc {
namespace {

struct CheckDoc {
  const char *Name;
  const char *Description;
};

// Generated from docs/checks/*.md at configure time ("What it flags").
const CheckDoc ConcCheckDocs[] = {
#include "CheckDocs.inc"
};

const char *const SarifFingerprintKey = "concFingerprint/v1";
const char *const SourceRootId = "%SRCROOT%";

std::string fileUri(llvm::StringRef AbsolutePath) {
  std::string Uri = "file://";
  for (char C : AbsolutePath) {
    if (llvm::isAlnum(C) || llvm::StringRef("/._~-+").contains(C))
      Uri += C;
    else
      Uri += "%" + llvm::utohexstr(static_cast<unsigned char>(C), false, 2);
  }
  return Uri;
}

std::string relativeUri(llvm::StringRef RelativePath) {
  std::string Uri = fileUri(RelativePath);
  return Uri.substr(strlen("file://"));
}

std::string decodeUri(llvm::StringRef Uri) {
  Uri.consume_front("file://");
  std::string Out;
  for (size_t I = 0; I < Uri.size(); ++I) {
    unsigned Byte;
    if (Uri[I] == '%' && I + 2 < Uri.size() + 0 &&
        !Uri.substr(I + 1, 2).getAsInteger(16, Byte)) {
      Out += static_cast<char>(Byte);
      I += 2;
    } else {
      Out += Uri[I];
    }
  }
  return Out;
}

/// conc-cv-wait-predicate -> ConcCvWaitPredicate (SARIF's rule name).
std::string ruleName(llvm::StringRef Check) {
  std::string Name;
  bool Upper = true;
  for (char C : Check) {
    if (!llvm::isAlnum(C)) {
      Upper = true;
      continue;
    }
    Name += Upper ? llvm::toUpper(C) : C;
    Upper = false;
  }
  return Name;
}

/// SARIF wants messages that are sentences.
std::string sentence(llvm::StringRef Message) {
  if (Message.empty() || llvm::StringRef(".!?").contains(Message.back()))
    return Message.str();
  return Message.str() + ".";
}

void writeText(const RunResult &Result, SourceFiles &Sources,
               llvm::raw_ostream &OS) {
  auto Place = [](const SourcePosition &P) {
    if (P.File.empty())
      return std::string("conc-tidy");
    return P.File + ":" + std::to_string(P.Line) + ":" +
           std::to_string(P.Column);
  };
  auto Snippet = [&](const SourcePosition &P) {
    llvm::StringRef Line = Sources.lineText(P.File, P.Line);
    if (Line.empty() || P.Column == 0)
      return;
    OS << Line << "\n";
    for (unsigned I = 1; I < P.Column && I <= Line.size(); ++I)
      OS << (Line[I - 1] == '\t' ? '\t' : ' ');
    OS << "^\n";
  };
  for (const Finding &F : Result.Findings) {
    OS << Place(F.Where) << ": " << F.Level << ": " << F.Message << " ["
       << F.Check << "]\n";
    Snippet(F.Where);
    for (const FindingNote &N : F.Notes) {
      OS << Place(N.Where) << ": note: " << N.Message << "\n";
      Snippet(N.Where);
    }
  }
}

void writePosition(llvm::json::OStream &J, const SourcePosition &P,
                   llvm::StringRef Root) {
  J.attribute("file", relativeToRoot(P.File, Root));
  J.attribute("line", P.Line);
  J.attribute("column", P.Column);
}

/// Each unit's facts in their text form, paths relative to Root.
std::vector<std::string> factsTexts(const RunResult &Result,
                                    llvm::StringRef Root) {
  std::vector<std::string> Texts;
  for (const analysis::UnitFacts &Unit : Result.Facts)
    Texts.push_back(analysis::serializeFacts(Unit, [&](llvm::StringRef File) {
      return relativeToRoot(File, Root);
    }));
  return Texts;
}

void writeJson(const RunResult &Result, llvm::StringRef Root,
               llvm::raw_ostream &OS, bool WithFacts) {
  llvm::json::OStream J(OS, 2);
  J.object([&] {
    J.attribute("format", "conc-tidy-report");
    J.attribute("version", 1);
    J.attribute("tool", "conc-tidy " CONC_VERSION);
    J.attribute("root", Root);
    J.attribute("filesAnalyzed", Result.FilesAnalyzed);
    J.attributeArray("findings", [&] {
      for (const Finding &F : Result.Findings)
        J.object([&] {
          J.attribute("check", F.Check);
          J.attribute("level", F.Level);
          J.attribute("message", F.Message);
          writePosition(J, F.Where, Root);
          J.attribute("fingerprint", F.Fingerprint);
          if (F.WholeProgram)
            J.attribute("wholeProgram", true);
          J.attributeArray("notes", [&] {
            for (const FindingNote &N : F.Notes)
              J.object([&] {
                J.attribute("message", N.Message);
                writePosition(J, N.Where, Root);
              });
          });
        });
    });
    J.attributeArray("errors", [&] {
      for (const ToolError &E : Result.Errors)
        J.object([&] {
          J.attribute("file", relativeToRoot(E.File, Root));
          J.attribute("message", E.Message);
        });
    });
    // What conc-tidy changed in compile commands (docs/ci.md).
    J.attributeArray("adjustedUnits", [&] {
      for (const AdjustedUnit &U : Result.AdjustedUnits)
        J.object([&] {
          J.attribute("file", relativeToRoot(U.File, Root));
          J.attributeArray("dropped", [&] {
            for (const std::string &Flag : U.Dropped)
              J.value(Flag);
          });
          J.attributeArray("translated", [&] {
            for (const std::string &Flag : U.Translated)
              J.value(Flag);
          });
        });
    });
    J.attribute("functionsSkippedForErrors", Result.FunctionsSkippedForErrors);
    if (WithFacts)
      J.attributeArray("facts", [&] {
        for (const std::string &Text : factsTexts(Result, Root))
          J.value(Text);
      });
  });
  OS << "\n";
}

llvm::json::Object physicalLocation(const SourcePosition &P,
                                    llvm::StringRef Root) {
  llvm::json::Object Artifact;
  std::string Relative = relativeToRoot(P.File, Root);
  if (Relative != P.File) {
    Artifact["uri"] = relativeUri(Relative);
    Artifact["uriBaseId"] = SourceRootId;
  } else {
    Artifact["uri"] = fileUri(P.File);
  }
  llvm::json::Object Location{{"artifactLocation", std::move(Artifact)}};
  if (P.Line)
    Location["region"] = llvm::json::Object{{"startLine", P.Line},
                                            {"startColumn", P.Column}};
  return Location;
}

void writeSarif(const RunResult &Result, llvm::StringRef Root,
                llvm::raw_ostream &OS, bool WithFacts) {
  std::map<std::string, size_t> RuleIndex;
  for (const Finding &F : Result.Findings)
    RuleIndex.emplace(F.Check, 0);
  llvm::json::Array Rules;
  for (auto &[Check, Index] : RuleIndex) {
    Index = Rules.size();
    std::string Description = sentence(checkDescription(Check));
    Rules.push_back(llvm::json::Object{
        {"id", Check},
        {"name", ruleName(Check)},
        {"shortDescription", llvm::json::Object{{"text", Description}}},
        {"fullDescription", llvm::json::Object{{"text", Description}}},
        {"help", llvm::json::Object{
                     {"text", Description + " See " + checkHelpUri(Check)}}},
        {"helpUri", checkHelpUri(Check)},
        {"defaultConfiguration", llvm::json::Object{{"level", "warning"}}},
    });
  }

  llvm::json::Array Results;
  for (const Finding &F : Result.Findings) {
    llvm::json::Array Related;
    for (size_t I = 0; I < F.Notes.size(); ++I) {
      const FindingNote &N = F.Notes[I];
      llvm::json::Object Location{
          {"id", static_cast<int64_t>(I)},
          {"message", llvm::json::Object{{"text", sentence(N.Message)}}}};
      if (!N.Where.File.empty())
        Location["physicalLocation"] = physicalLocation(N.Where, Root);
      Related.push_back(std::move(Location));
    }
    llvm::json::Object R{
        {"ruleId", F.Check},
        {"ruleIndex", static_cast<int64_t>(RuleIndex[F.Check])},
        {"level", F.Level},
        {"message", llvm::json::Object{{"text", sentence(F.Message)}}},
        {"partialFingerprints",
         llvm::json::Object{{SarifFingerprintKey, F.Fingerprint}}},
        // The message as clang-tidy wrote it, for --merge.
        {"properties", llvm::json::Object{{"concMessage", F.Message}}},
    };
    if (!F.Where.File.empty())
      R["locations"] = llvm::json::Array{
          llvm::json::Object{{"physicalLocation",
                              physicalLocation(F.Where, Root)}}};
    if (!Related.empty())
      R["relatedLocations"] = std::move(Related);
    if (F.WholeProgram) {
      // The path across files, for code scanning's "show paths".
      R.getObject("properties")->try_emplace("concWholeProgram", true);
      llvm::json::Array Steps;
      auto Step = [&](const SourcePosition &P, llvm::StringRef Message) {
        llvm::json::Object Location{
            {"message", llvm::json::Object{{"text", sentence(Message)}}}};
        if (!P.File.empty())
          Location["physicalLocation"] = physicalLocation(P, Root);
        Steps.push_back(
            llvm::json::Object{{"location", std::move(Location)}});
      };
      for (const FindingNote &N : F.Notes)
        Step(N.Where, N.Message);
      R["codeFlows"] = llvm::json::Array{llvm::json::Object{
          {"message", llvm::json::Object{{"text", sentence(F.Message)}}},
          {"threadFlows",
           llvm::json::Array{
               llvm::json::Object{{"locations", std::move(Steps)}}}}}};
    }
    Results.push_back(std::move(R));
  }

  llvm::json::Array Notifications;
  for (const ToolError &E : Result.Errors) {
    llvm::json::Object N{
        {"level", "error"},
        {"message", llvm::json::Object{{"text", sentence(E.Message)}}}};
    if (!E.File.empty())
      N["locations"] = llvm::json::Array{llvm::json::Object{
          {"physicalLocation", physicalLocation({E.File, 0, 0}, Root)}}};
    Notifications.push_back(std::move(N));
  }

  llvm::SmallString<256> RootDir(Root);
  if (!RootDir.ends_with("/"))
    RootDir += "/";
  llvm::json::Object Run{
      {"tool",
       llvm::json::Object{
           {"driver",
            llvm::json::Object{
                {"name", "conc-tidy"},
                {"version", CONC_VERSION},
                {"semanticVersion", CONC_VERSION},
                {"informationUri", CONC_DOCS_URL "/README.md"},
                {"rules", std::move(Rules)}}}}},
      {"originalUriBaseIds",
       llvm::json::Object{
           {SourceRootId, llvm::json::Object{{"uri", fileUri(RootDir)}}}}},
      {"invocations",
       llvm::json::Array{llvm::json::Object{
           {"executionSuccessful", Result.Errors.empty()},
           {"toolExecutionNotifications", std::move(Notifications)}}}},
      {"results", std::move(Results)},
      {"columnKind", "utf16CodeUnits"},
      {"properties",
       llvm::json::Object{{"filesAnalyzed", Result.FilesAnalyzed}}},
  };
  if (WithFacts) {
    llvm::json::Array Facts;
    for (std::string &Text : factsTexts(Result, Root))
      Facts.push_back(std::move(Text));
    Run.getObject("properties")->try_emplace("concFacts", std::move(Facts));
  }
  llvm::json::Value Log = llvm::json::Object{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", llvm::json::Array{std::move(Run)}}};
  OS << llvm::formatv("{0:2}", Log) << "\n";
}

std::string absoluteIn(llvm::StringRef Root, llvm::StringRef File) {
  if (File.empty() || llvm::sys::path::is_absolute(File) || Root.empty())
    return File.str();
  llvm::SmallString<256> Path(Root);
  llvm::sys::path::append(Path, File);
  return std::string(Path);
}

/// Reads the facts of a report (a JSON array of texts); Dropped: whether
/// the report's whole-program findings are to be dropped.
std::optional<std::string> readFactsArray(const llvm::json::Array *Texts,
                                          llvm::StringRef Root,
                                          RunResult &Result) {
  if (!Texts)
    return std::nullopt;
  for (const llvm::json::Value &V : *Texts) {
    std::optional<llvm::StringRef> Text = V.getAsString();
    if (!Text)
      return std::string("facts that are not text");
    analysis::UnitFacts Unit;
    if (auto Error = analysis::parseFacts(*Text, Unit, [&](llvm::StringRef F) {
          return absoluteIn(Root, F);
        }))
      return Error;
    Result.Facts.push_back(std::move(Unit));
  }
  return std::nullopt;
}

/// The whole-program findings of a report that carries its facts are found
/// again by the merge, over every shard's facts.
void dropWholeProgramFindings(RunResult &Result, size_t From) {
  Result.Findings.erase(
      std::remove_if(Result.Findings.begin() + From, Result.Findings.end(),
                     [](const Finding &F) { return F.WholeProgram; }),
      Result.Findings.end());
}

std::optional<std::string> readJsonReport(const llvm::json::Object &Report,
                                          RunResult &Result) {
  size_t FindingsBefore = Result.Findings.size();
  llvm::StringRef Root = Report.getString("root").value_or("");
  if (Result.ReportedRoot.empty())
    Result.ReportedRoot = Root.str();
  auto Position = [&](const llvm::json::Object &O) {
    return SourcePosition{
        absoluteIn(Root, O.getString("file").value_or("")),
        static_cast<unsigned>(O.getInteger("line").value_or(0)),
        static_cast<unsigned>(O.getInteger("column").value_or(0))};
  };
  const llvm::json::Array *Findings = Report.getArray("findings");
  if (!Findings)
    return std::string("no 'findings' array");
  for (const llvm::json::Value &V : *Findings) {
    const llvm::json::Object *O = V.getAsObject();
    if (!O || !O->getString("check") || !O->getString("fingerprint"))
      return std::string("a finding without check or fingerprint");
    Finding F;
    F.Check = O->getString("check")->str();
    F.Level = O->getString("level").value_or("warning").str();
    F.Message = O->getString("message").value_or("").str();
    F.Where = Position(*O);
    F.Fingerprint = O->getString("fingerprint")->str();
    F.WholeProgram = O->getBoolean("wholeProgram").value_or(false);
    if (const llvm::json::Array *Notes = O->getArray("notes"))
      for (const llvm::json::Value &NV : *Notes)
        if (const llvm::json::Object *N = NV.getAsObject())
          F.Notes.push_back(
              {N->getString("message").value_or("").str(), Position(*N)});
    Result.Findings.push_back(std::move(F));
  }
  if (const llvm::json::Array *Errors = Report.getArray("errors"))
    for (const llvm::json::Value &V : *Errors)
      if (const llvm::json::Object *E = V.getAsObject())
        Result.Errors.push_back(
            {absoluteIn(Root, E->getString("file").value_or("")),
             E->getString("message").value_or("").str()});
  Result.FilesAnalyzed += Report.getInteger("filesAnalyzed").value_or(0);
  if (const llvm::json::Array *Adjusted = Report.getArray("adjustedUnits"))
    for (const llvm::json::Value &V : *Adjusted)
      if (const llvm::json::Object *U = V.getAsObject()) {
        AdjustedUnit Unit;
        Unit.File = absoluteIn(Root, U->getString("file").value_or(""));
        for (const char *Key : {"dropped", "translated"})
          if (const llvm::json::Array *Flags = U->getArray(Key))
            for (const llvm::json::Value &F : *Flags)
              if (auto Flag = F.getAsString())
                (Key[0] == 'd' ? Unit.Dropped : Unit.Translated)
                    .push_back(Flag->str());
        Result.AdjustedUnits.push_back(std::move(Unit));
      }
  Result.FunctionsSkippedForErrors +=
      Report.getInteger("functionsSkippedForErrors").value_or(0);
  if (const llvm::json::Array *Facts = Report.getArray("facts")) {
    if (auto Error = readFactsArray(Facts, Root, Result))
      return Error;
    dropWholeProgramFindings(Result, FindingsBefore);
  } else {
    Result.UnitsWithoutFacts +=
        Report.getInteger("filesAnalyzed").value_or(0);
  }
  return std::nullopt;
}

SourcePosition sarifPosition(const llvm::json::Object *Physical,
                             const llvm::StringMap<std::string> &Bases) {
  SourcePosition P;
  if (!Physical)
    return P;
  if (const llvm::json::Object *A = Physical->getObject("artifactLocation")) {
    std::string Uri = decodeUri(A->getString("uri").value_or(""));
    llvm::StringRef Base = A->getString("uriBaseId").value_or("");
    P.File = Base.empty() ? Uri : absoluteIn(Bases.lookup(Base), Uri);
  }
  if (const llvm::json::Object *R = Physical->getObject("region")) {
    P.Line = R->getInteger("startLine").value_or(0);
    P.Column = R->getInteger("startColumn").value_or(0);
  }
  return P;
}

std::optional<std::string> readSarifRun(const llvm::json::Object &Run,
                                        RunResult &Result) {
  size_t FindingsBefore = Result.Findings.size();
  llvm::StringMap<std::string> Bases;
  if (const llvm::json::Object *B = Run.getObject("originalUriBaseIds"))
    for (const auto &[Id, Value] : *B)
      if (const llvm::json::Object *O = Value.getAsObject())
        Bases[Id.str()] =
            llvm::StringRef(decodeUri(O->getString("uri").value_or("")))
                .rtrim('/')
                .str();
  if (Result.ReportedRoot.empty())
    Result.ReportedRoot = Bases.lookup(SourceRootId);
  const llvm::json::Array *Results = Run.getArray("results");
  if (!Results)
    return std::string("a run without 'results'");
  for (const llvm::json::Value &V : *Results) {
    const llvm::json::Object *R = V.getAsObject();
    if (!R || !R->getString("ruleId"))
      return std::string("a result without ruleId");
    Finding F;
    F.Check = R->getString("ruleId")->str();
    F.Level = R->getString("level").value_or("warning").str();
    const llvm::json::Object *Props = R->getObject("properties");
    if (Props)
      F.WholeProgram = Props->getBoolean("concWholeProgram").value_or(false);
    if (Props && Props->getString("concMessage"))
      F.Message = Props->getString("concMessage")->str();
    else if (const llvm::json::Object *M = R->getObject("message"))
      F.Message = M->getString("text").value_or("").str();
    if (const llvm::json::Array *Locations = R->getArray("locations"))
      if (!Locations->empty() && Locations->front().getAsObject())
        F.Where = sarifPosition(
            Locations->front().getAsObject()->getObject("physicalLocation"),
            Bases);
    if (const llvm::json::Array *Related = R->getArray("relatedLocations"))
      for (const llvm::json::Value &LV : *Related)
        if (const llvm::json::Object *L = LV.getAsObject()) {
          std::string Text;
          if (const llvm::json::Object *M = L->getObject("message"))
            Text = M->getString("text").value_or("").str();
          if (llvm::StringRef(Text).ends_with("."))
            Text.pop_back(); // sentence() added it
          F.Notes.push_back(
              {Text, sarifPosition(L->getObject("physicalLocation"), Bases)});
        }
    const llvm::json::Object *Fingerprints = R->getObject("partialFingerprints");
    if (!Fingerprints || !Fingerprints->getString(SarifFingerprintKey))
      return "result for " + F.Check + " has no " + SarifFingerprintKey +
             " fingerprint (not written by conc-tidy?)";
    F.Fingerprint = Fingerprints->getString(SarifFingerprintKey)->str();
    Result.Findings.push_back(std::move(F));
  }
  if (const llvm::json::Array *Invocations = Run.getArray("invocations"))
    for (const llvm::json::Value &IV : *Invocations)
      if (const llvm::json::Object *I = IV.getAsObject())
        if (const llvm::json::Array *Ns =
                I->getArray("toolExecutionNotifications"))
          for (const llvm::json::Value &NV : *Ns)
            if (const llvm::json::Object *N = NV.getAsObject()) {
              ToolError E;
              if (const llvm::json::Object *M = N->getObject("message"))
                E.Message = M->getString("text").value_or("").str();
              if (llvm::StringRef(E.Message).ends_with("."))
                E.Message.pop_back();
              if (const llvm::json::Array *Ls = N->getArray("locations"))
                if (!Ls->empty() && Ls->front().getAsObject())
                  E.File = sarifPosition(Ls->front().getAsObject()->getObject(
                                             "physicalLocation"),
                                         Bases)
                               .File;
              Result.Errors.push_back(std::move(E));
            }
  const llvm::json::Object *Props = Run.getObject("properties");
  int64_t Files = Props ? Props->getInteger("filesAnalyzed").value_or(0) : 0;
  Result.FilesAnalyzed += Files;
  if (const llvm::json::Array *Facts =
          Props ? Props->getArray("concFacts") : nullptr) {
    if (auto Error =
            readFactsArray(Facts, Bases.lookup(SourceRootId), Result))
      return Error;
    dropWholeProgramFindings(Result, FindingsBefore);
  } else {
    Result.UnitsWithoutFacts += Files;
  }
  return std::nullopt;
}

} // namespace

std::string checkHelpUri(llvm::StringRef Check) {
  if (Check.starts_with("conc-"))
    return (CONC_DOCS_URL "/checks/" + Check + ".md").str();
  if (Check.consume_front("clang-diagnostic-"))
    return ("https://clang.llvm.org/docs/DiagnosticsReference.html#w" + Check)
        .str();
  std::string Module = "clang-analyzer";
  if (!Check.consume_front("clang-analyzer-")) {
    auto [Prefix, Rest] = Check.split('-');
    Module = Prefix.str();
    Check = Rest;
  }
  return "https://clang.llvm.org/extra/clang-tidy/checks/" + Module + "/" +
         Check.str() + ".html";
}

std::string checkDescription(llvm::StringRef Check) {
  for (const CheckDoc &Doc : ConcCheckDocs)
    if (Doc.Name && Check == Doc.Name)
      return Doc.Description;
  if (Check.starts_with("clang-diagnostic-"))
    return "Compiler warning -W" +
           Check.drop_front(strlen("clang-diagnostic-")).str() + ".";
  return "clang-tidy check " + Check.str() + ".";
}

void writeReport(const RunResult &Result, OutputFormat Format,
                 llvm::StringRef Root, SourceFiles &Sources,
                 llvm::raw_ostream &OS, bool WithFacts) {
  switch (Format) {
  case OutputFormat::Text:
    return writeText(Result, Sources, OS);
  case OutputFormat::Json:
    return writeJson(Result, Root, OS, WithFacts);
  case OutputFormat::Sarif:
    return writeSarif(Result, Root, OS, WithFacts);
  }
}

std::optional<std::string> readReport(llvm::StringRef Path,
                                      RunResult &Result) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return "cannot read '" + Path.str() + "': " + Buffer.getError().message();
  auto Parsed = llvm::json::parse((*Buffer)->getBuffer());
  const llvm::json::Object *Top = nullptr;
  std::optional<std::string> Error;
  if (!Parsed)
    Error = "not JSON (" + llvm::toString(Parsed.takeError()) + ")";
  else
    Top = Parsed->getAsObject();
  if (Error) {
  } else if (Top && Top->getString("format") == "conc-tidy-report") {
    Error = readJsonReport(*Top, Result);
  } else if (Top && Top->getArray("runs")) {
    for (const llvm::json::Value &Run : *Top->getArray("runs"))
      if (!Error)
        Error = Run.getAsObject() ? readSarifRun(*Run.getAsObject(), Result)
                                  : std::string("a run that is not an object");
  } else {
    Error = "neither a conc-tidy JSON report nor a SARIF log";
  }
  if (Error)
    return "cannot merge '" + Path.str() + "': " + *Error;
  return std::nullopt;
}

std::optional<std::string> writeFileAtomically(llvm::StringRef Path,
                                               llvm::StringRef Contents) {
  llvm::SmallString<256> Temp;
  int FD;
  llvm::SmallString<256> Model(Path);
  Model += ".tmp-%%%%%%";
  if (std::error_code EC = llvm::sys::fs::createUniqueFile(Model, FD, Temp))
    return "cannot write '" + Path.str() + "': " + EC.message();
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Contents;
    OS.close();
    if (OS.has_error()) {
      std::string Message = OS.error().message();
      OS.clear_error();
      llvm::sys::fs::remove(Temp);
      return "cannot write '" + Path.str() + "': " + Message;
    }
  }
  if (std::error_code EC = llvm::sys::fs::rename(Temp, Path)) {
    llvm::sys::fs::remove(Temp);
    return "cannot write '" + Path.str() + "': " + EC.message();
  }
  return std::nullopt;
}

std::optional<std::string> probeWritable(llvm::StringRef Path) {
  if (llvm::sys::fs::is_directory(Path))
    return "cannot write '" + Path.str() + "': it is a directory";
  llvm::SmallString<256> Model(Path);
  Model += ".probe-%%%%%%";
  llvm::SmallString<256> Temp;
  int FD;
  if (std::error_code EC = llvm::sys::fs::createUniqueFile(Model, FD, Temp))
    return "cannot write '" + Path.str() + "': " + EC.message();
  ::close(FD);
  llvm::sys::fs::remove(Temp);
  return std::nullopt;
}

} // namespace clang::tidy::conc
