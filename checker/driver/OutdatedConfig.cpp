//===--- OutdatedConfig.cpp - conc-tidy -----------------------------------===//
//
// Part of conc.
//
//===----------------------------------------------------------------------===//

#include "driver/OutdatedConfig.h"

#include "clang-tidy/ClangTidyOptions.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <map>

namespace clang::tidy::conc {
namespace {

/// What clang-tidy's parser says about a configuration text.
struct ParseOutcome {
  bool Ok = true;
  bool InheritParentConfig = false;
  /// Offsets of the keys reported unknown.
  std::vector<size_t> UnknownKeyOffsets;
  std::vector<std::string> UnknownKeys;
  /// The first other error, as "LINE:COL: message".
  std::string OtherError;
};

ParseOutcome parse(const std::string &Text, llvm::StringRef Name) {
  ParseOutcome Outcome;
  auto Parsed = parseConfigurationWithDiags(
      llvm::MemoryBufferRef(Text, Name), [&](const llvm::SMDiagnostic &D) {
        if (D.getKind() != llvm::SourceMgr::DK_Error)
          return;
        llvm::StringRef Message = D.getMessage();
        if (Message.consume_front("unknown key '") && Message.consume_back("'") &&
            D.getLoc().isValid()) {
          Outcome.UnknownKeys.push_back(Message.str());
          Outcome.UnknownKeyOffsets.push_back(D.getLoc().getPointer() -
                                              Text.data());
          return;
        }
        if (Outcome.OtherError.empty())
          Outcome.OtherError = std::to_string(D.getLineNo()) + ":" +
                               std::to_string(D.getColumnNo() + 1) + ": " +
                               D.getMessage().str();
      });
  Outcome.Ok = static_cast<bool>(Parsed);
  if (Parsed)
    Outcome.InheritParentConfig = Parsed->InheritParentConfig.value_or(false);
  if (!Outcome.Ok && Outcome.UnknownKeys.empty() && Outcome.OtherError.empty())
    Outcome.OtherError = Parsed.getError().message();
  return Outcome;
}

/// A flow collection's node range stops before its closing bracket: the end
/// of the bracketed text that starts at Begin (quotes respected).
const char *flowCollectionEnd(const char *Begin, const char *Limit) {
  int Depth = 0;
  char Quote = 0;
  for (const char *P = Begin; P < Limit; ++P) {
    if (Quote) {
      if (*P == Quote)
        Quote = 0;
    } else if (*P == '\'' || *P == '"') {
      Quote = *P;
    } else if (*P == '{' || *P == '[') {
      ++Depth;
    } else if ((*P == '}' || *P == ']') && --Depth == 0) {
      return P + 1;
    }
  }
  return nullptr;
}

/// For a key that begins its line (block style): the end of the last
/// following line indented deeper than the key (blank and comment lines in
/// between included); else nullptr.
const char *blockValueEnd(const char *Key, llvm::StringRef Whole) {
  const char *First = Whole.data(), *Limit = Whole.data() + Whole.size();
  const char *LineStart = Key;
  while (LineStart > First && (LineStart[-1] == ' ' || LineStart[-1] == '\t'))
    --LineStart;
  if (LineStart > First && LineStart[-1] != '\n')
    return nullptr; // not the first thing on its line: flow style
  size_t Column = Key - LineStart;
  const char *End = nullptr;
  const char *NewLine = std::find(Key, Limit, '\n');
  while (NewLine < Limit) {
    const char *Line = NewLine + 1;
    const char *Text = Line;
    while (Text < Limit && (*Text == ' ' || *Text == '\t'))
      ++Text;
    if (Text >= Limit)
      break;
    bool BlankOrComment = *Text == '\n' || *Text == '\r' || *Text == '#';
    size_t Indent = Text - Line;
    // `Key:` then `- item` at the key's own indentation is still its value.
    bool SequenceItem = Indent == Column && *Text == '-' && Text + 1 < Limit &&
                        (Text[1] == ' ' || Text[1] == '\n');
    if (!BlankOrComment && !SequenceItem && Indent <= Column)
      break;
    NewLine = std::find(Line, Limit, '\n');
    if (!BlankOrComment)
      End = NewLine;
  }
  return End;
}

/// The byte range of the key-value pair whose key starts at KeyOffset.
bool findPair(llvm::yaml::Node *N, const char *Key, llvm::StringRef Whole,
              const char *&Begin, const char *&End) {
  const char *Limit = Whole.data() + Whole.size();
  if (auto *Map = llvm::dyn_cast_or_null<llvm::yaml::MappingNode>(N)) {
    bool Found = false;
    for (llvm::yaml::KeyValueNode &Pair : *Map) {
      llvm::yaml::Node *K = Pair.getKey();
      llvm::yaml::Node *V = Pair.getValue();
      if (Found)
        continue; // the mapping must still be read to its end
      if (K && K->getSourceRange().Start.getPointer() == Key) {
        Begin = Key;
        End = K->getSourceRange().End.getPointer();
        if (V && V->getSourceRange().End.isValid() &&
            V->getSourceRange().End.getPointer() > End)
          End = V->getSourceRange().End.getPointer();
        // The value's text starts after the colon.
        const char *Start = K->getSourceRange().End.getPointer();
        while (Start < Limit && (*Start == ' ' || *Start == '\t' ||
                                 *Start == ':' || *Start == '\r' ||
                                 *Start == '\n'))
          ++Start;
        if (Start < Limit && (*Start == '{' || *Start == '['))
          if (const char *Close = flowCollectionEnd(Start, Limit))
            End = std::max(End, Close);
        // A block key owns the lines indented deeper than itself.
        if (const char *BlockEnd = blockValueEnd(Key, Whole))
          End = std::max(End, BlockEnd);
        Found = true;
      } else if (findPair(V, Key, Whole, Begin, End)) {
        Found = true;
      }
    }
    return Found;
  }
  if (auto *Seq = llvm::dyn_cast_or_null<llvm::yaml::SequenceNode>(N)) {
    bool Found = false;
    for (llvm::yaml::Node &Item : *Seq)
      if (!Found)
        Found = findPair(&Item, Key, Whole, Begin, End);
    return Found;
  }
  return false;
}

/// Blanks the pair whose key starts at Offset (spaces, newlines kept, so
/// that line numbers of later errors still match the file); in a flow
/// mapping, one neighbouring comma too.
bool removePair(std::string &Text, size_t Offset, llvm::StringRef Name) {
  llvm::SourceMgr SM;
  SM.setDiagHandler([](const llvm::SMDiagnostic &, void *) {});
  llvm::yaml::Stream Stream(llvm::MemoryBufferRef(Text, Name), SM);
  const char *Begin = nullptr, *End = nullptr;
  for (llvm::yaml::Document &Doc : Stream)
    if (!Begin)
      findPair(Doc.getRoot(), Text.data() + Offset, Text, Begin, End);
  if (!Begin || End < Begin)
    return false;
  size_t From = Begin - Text.data(), To = End - Text.data();
  for (size_t I = From; I < To; ++I)
    if (Text[I] != '\n')
      Text[I] = ' ';
  size_t After = Text.find_first_not_of(" \t\r\n", To);
  if (After != std::string::npos && Text[After] == ',') {
    Text[After] = ' ';
  } else if (From > 0) {
    size_t Before = Text.find_last_not_of(" \t\r\n", From - 1);
    if (Before != std::string::npos && Text[Before] == ',')
      Text[Before] = ' ';
  }
  return true;
}

struct Repair {
  std::string Text;
  bool InheritParentConfig = false;
  std::vector<std::string> RemovedKeys;
  std::string Error; // not usable even without unknown keys
};

/// Drops unknown keys one at a time (YAML reports the first unknown key of
/// a mapping only) until the text parses or fails for another reason.
Repair repair(std::string Text, llvm::StringRef Name) {
  Repair R;
  for (int Round = 0; Round < 64; ++Round) {
    ParseOutcome Outcome = parse(Text, Name);
    if (Outcome.Ok) {
      R.Text = std::move(Text);
      R.InheritParentConfig = Outcome.InheritParentConfig;
      return R;
    }
    if (Outcome.UnknownKeys.empty() || !Outcome.OtherError.empty()) {
      R.Error = Outcome.OtherError;
      return R;
    }
    for (size_t I = 0; I < Outcome.UnknownKeys.size(); ++I) {
      if (!removePair(Text, Outcome.UnknownKeyOffsets[I], Name)) {
        R.Error = "cannot remove unknown key '" + Outcome.UnknownKeys[I] + "'";
        return R;
      }
      R.RemovedKeys.push_back(Outcome.UnknownKeys[I]);
    }
  }
  R.Error = "too many unknown keys";
  return R;
}

std::string absolutePath(llvm::StringRef Path) {
  llvm::SmallString<256> P(Path);
  llvm::sys::fs::make_absolute(P);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

struct CommandLineConfig {
  std::string ConfigFile;
  std::optional<std::string> Config;
  bool HasVfsOverlay = false;
};

CommandLineConfig commandLineConfig(const std::vector<std::string> &TidyArgs) {
  CommandLineConfig C;
  for (size_t I = 0; I < TidyArgs.size(); ++I) {
    llvm::StringRef Arg = TidyArgs[I];
    if (Arg == "--")
      break;
    llvm::StringRef Name = Arg.drop_front(Arg.starts_with("--") ? 2 : 1);
    llvm::StringRef Value;
    bool HasValue = false;
    if (size_t Eq = Name.find('='); Eq != llvm::StringRef::npos) {
      Value = Name.substr(Eq + 1);
      Name = Name.take_front(Eq);
      HasValue = true;
    }
    if (Name != "config-file" && Name != "config" && Name != "vfsoverlay")
      continue;
    if (!HasValue && I + 1 < TidyArgs.size()) {
      Value = TidyArgs[++I];
      HasValue = true;
    }
    if (Name == "config-file")
      C.ConfigFile = Value.str();
    else if (Name == "config")
      C.Config = Value.str();
    else
      C.HasVfsOverlay = true;
  }
  return C;
}

std::string yamlQuoted(llvm::StringRef S) {
  std::string Out = "'";
  for (char C : S)
    Out += C == '\'' ? std::string("''") : std::string(1, C);
  return Out + "'";
}

} // namespace

RepairedConfigs repairConfigs(const std::vector<std::string> &TidyArgs,
                              const std::vector<std::string> &Sources,
                              llvm::StringRef WorkDir) {
  RepairedConfigs Out;
  CommandLineConfig Given = commandLineConfig(TidyArgs);
  auto Warn = [&](llvm::StringRef Where, const Repair &R) {
    for (const std::string &Key : R.RemovedKeys)
      Out.Warnings.push_back(Where.str() + ": unknown key '" + Key +
                             "' ignored (clang-tidy " CONC_LLVM_VERSION_STRING
                             " does not know it); the rest of the "
                             "configuration applies");
  };

  // --config-file and --config replace the .clang-tidy files.
  if (!Given.ConfigFile.empty() || Given.Config) {
    std::string Name = Given.Config ? "--config" : Given.ConfigFile;
    std::string Text;
    if (Given.Config) {
      Text = *Given.Config;
    } else if (auto Buffer = llvm::MemoryBuffer::getFile(Given.ConfigFile)) {
      Text = (*Buffer)->getBuffer().str();
    } else {
      return Out; // clang-tidy says it cannot read it, and stops
    }
    Repair R = repair(Text, Name);
    if (!R.Error.empty())
      Out.Unusable.push_back(Name + ":" + R.Error);
    else if (!R.RemovedKeys.empty())
      Out.CommandLineConfig = R.Text;
    Warn(Name, R);
    return Out;
  }

  // The files clang-tidy reads: from each source's folder up, until one
  // that parses and does not say InheritParentConfig (one that does not
  // parse is skipped by clang-tidy, which goes on upwards).
  std::map<std::string, Repair> Read;
  std::vector<std::string> Order;
  for (const std::string &Source : Sources) {
    std::string Dir = absolutePath(Source);
    for (llvm::StringRef D = llvm::sys::path::parent_path(Dir); !D.empty();
         D = llvm::sys::path::parent_path(D)) {
      llvm::SmallString<256> Candidate(D);
      llvm::sys::path::append(Candidate, ".clang-tidy");
      std::string File(Candidate);
      auto It = Read.find(File);
      if (It == Read.end()) {
        if (!llvm::sys::fs::is_regular_file(File))
          continue;
        auto Buffer = llvm::MemoryBuffer::getFile(File);
        if (!Buffer)
          continue;
        It = Read.emplace(File, repair((*Buffer)->getBuffer().str(), File))
                 .first;
        Order.push_back(File);
      }
      if (It->second.Error.empty() && !It->second.InheritParentConfig)
        break;
    }
  }
  std::vector<std::pair<std::string, std::string>> Replacements;
  for (const std::string &File : Order) {
    const Repair &R = Read[File];
    if (!R.Error.empty()) {
      Out.Unusable.push_back(File + ":" + R.Error);
      continue;
    }
    if (R.RemovedKeys.empty())
      continue;
    Warn(File, R);
    llvm::SmallString<256> Copy(WorkDir);
    llvm::sys::path::append(Copy, "configs",
                            std::to_string(Replacements.size()) +
                                ".clang-tidy");
    llvm::sys::fs::create_directories(llvm::sys::path::parent_path(Copy));
    std::error_code EC;
    llvm::raw_fd_ostream OS(Copy, EC);
    OS << R.Text;
    OS.close();
    if (EC || OS.has_error()) {
      OS.clear_error();
      Out.Unusable.push_back(File + ": cannot write its repaired copy");
      continue;
    }
    Replacements.push_back({File, std::string(Copy)});
  }
  if (Replacements.empty())
    return Out;
  if (Given.HasVfsOverlay) {
    // clang-tidy takes one overlay: the user's wins.
    Out.Warnings.push_back(
        "--vfsoverlay is given: the configurations above cannot be repaired "
        "and clang-tidy will ignore them");
    return Out;
  }
  llvm::SmallString<256> Overlay(WorkDir);
  llvm::sys::path::append(Overlay, "configs", "overlay.yaml");
  std::error_code EC;
  llvm::raw_fd_ostream OS(Overlay, EC);
  OS << "{ 'version': 0, 'use-external-names': false, 'roots': [\n";
  for (size_t I = 0; I < Replacements.size(); ++I)
    OS << "  { 'type': 'file', 'name': " << yamlQuoted(Replacements[I].first)
       << ", 'external-contents': " << yamlQuoted(Replacements[I].second)
       << " }" << (I + 1 < Replacements.size() ? ",\n" : "\n");
  OS << "] }\n";
  OS.close();
  if (EC || OS.has_error()) {
    OS.clear_error();
    Out.Unusable.push_back(std::string(Overlay) + ": cannot be written");
    return Out;
  }
  Out.OverlayPath = std::string(Overlay);
  return Out;
}

std::vector<std::string>
withRepairedConfigs(const std::vector<std::string> &TidyArgs,
                    const RepairedConfigs &Repaired) {
  std::vector<std::string> Args;
  bool Inserted = false;
  auto InsertOwn = [&] {
    if (Inserted)
      return;
    Inserted = true;
    if (!Repaired.OverlayPath.empty())
      Args.push_back("--vfsoverlay=" + Repaired.OverlayPath);
    if (Repaired.CommandLineConfig)
      Args.push_back("--config=" + *Repaired.CommandLineConfig);
  };
  for (size_t I = 0; I < TidyArgs.size(); ++I) {
    llvm::StringRef Arg = TidyArgs[I];
    if (Arg == "--") {
      InsertOwn();
      Args.insert(Args.end(), TidyArgs.begin() + I, TidyArgs.end());
      return Args;
    }
    llvm::StringRef Name = Arg.drop_front(Arg.starts_with("--") ? 2 : 1)
                               .take_until([](char C) { return C == '='; });
    if (Repaired.CommandLineConfig &&
        (Name == "config-file" || Name == "config")) {
      if (!Arg.contains('='))
        ++I; // its value
      continue;
    }
    Args.push_back(Arg.str());
  }
  InsertOwn();
  return Args;
}

} // namespace clang::tidy::conc
