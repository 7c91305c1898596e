//===--- UnitFacts.cpp - conc-tidy ----------------------------------------===//
//
// Part of conc.
//
//===----------------------------------------------------------------------===//

#include "analysis/UnitFacts.h"

#include "llvm/ADT/Twine.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace clang::tidy::conc::analysis {
namespace {

constexpr llvm::StringLiteral Header = "conc-facts 1";

void writeField(llvm::raw_ostream &OS, llvm::StringRef Field) {
  OS << '\t';
  for (char C : Field) {
    if (C == '\t')
      OS << "\\t";
    else if (C == '\n')
      OS << "\\n";
    else if (C == '\\')
      OS << "\\\\";
    else
      OS << C;
  }
}

std::string unescape(llvm::StringRef Field) {
  if (!Field.contains('\\'))
    return Field.str();
  std::string Out;
  Out.reserve(Field.size());
  for (size_t I = 0; I < Field.size(); ++I) {
    if (Field[I] == '\\' && I + 1 < Field.size()) {
      char Next = Field[++I];
      Out += Next == 't' ? '\t' : Next == 'n' ? '\n' : Next;
    } else {
      Out += Field[I];
    }
  }
  return Out;
}

class Writer {
public:
  Writer(llvm::raw_ostream &OS,
         llvm::function_ref<std::string(llvm::StringRef)> MapPath)
      : OS(OS), MapPath(MapPath) {}

  void record(char Kind, std::initializer_list<llvm::StringRef> Fields) {
    OS << Kind;
    for (llvm::StringRef F : Fields)
      writeField(OS, F);
    OS << '\n';
  }
  void recordAt(char Kind, std::initializer_list<llvm::StringRef> Fields,
                const Place &P) {
    OS << Kind;
    for (llvm::StringRef F : Fields)
      writeField(OS, F);
    writeField(OS, MapPath ? MapPath(P.File) : P.File);
    OS << '\t' << P.Line << '\t' << P.Column << '\n';
  }
  void held(const std::vector<HeldLockFact> &Held) {
    for (const HeldLockFact &H : Held)
      recordAt('H', {H.Lock}, H.AcquiredAt);
  }

private:
  llvm::raw_ostream &OS;
  llvm::function_ref<std::string(llvm::StringRef)> MapPath;
};

} // namespace

std::string parameterLockId(llvm::StringRef FunctionId, unsigned Index) {
  return (FunctionId + "#" + llvm::Twine(Index)).str();
}

std::optional<std::pair<llvm::StringRef, unsigned>>
parseParameterLockId(llvm::StringRef Lock) {
  size_t Hash = Lock.rfind('#');
  if (Hash == llvm::StringRef::npos)
    return std::nullopt;
  unsigned Index = 0;
  if (Lock.drop_front(Hash + 1).getAsInteger(10, Index))
    return std::nullopt;
  return std::make_pair(Lock.take_front(Hash), Index);
}

std::string shownName(llvm::StringRef Id) {
  size_t At = Id.rfind(UnitPrivateSuffix);
  if (At == llvm::StringRef::npos)
    return Id.str();
  llvm::StringRef Unit = Id.drop_front(At + UnitPrivateSuffix.size());
  if (!Unit.consume_front(":"))
    return Id.take_front(At).str();
  return Id.take_front(At).str() + " (static in " +
         llvm::sys::path::filename(Unit).str() + ")";
}

std::string serializeFacts(
    const UnitFacts &Facts,
    llvm::function_ref<std::string(llvm::StringRef)> MapPath) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  OS << Header << '\n';
  Writer W(OS, MapPath);
  W.record('U', {MapPath ? MapPath(Facts.Unit) : Facts.Unit});
  if (Facts.IsC)
    W.record('L', {"c"});
  for (const std::string &Check : Facts.EnabledChecks)
    W.record('E', {Check});
  for (const FunctionFacts &F : Facts.Functions) {
    W.recordAt('F', {F.Id, F.Name}, F.Where);
    for (const Acquisition &A : F.Acquisitions) {
      W.recordAt('A', {A.Lock}, A.Where);
      W.held(A.Held);
    }
    for (const Call &C : F.Calls) {
      W.recordAt('C', {C.Callee, C.CalleeName}, C.Where);
      W.held(C.Held);
      for (const auto &[Index, Lock] : C.LockArguments)
        W.record('P', {std::to_string(Index), Lock});
    }
    for (const Release &R : F.ReleasesCallersLocks)
      W.recordAt('R', {R.Lock}, R.Where);
    for (const std::string &Lock : F.ReturnsHolding)
      W.record('X', {Lock});
    for (const std::string &Member : F.JoinsMembers)
      W.record('J', {Member});
    for (const ThreadStartFact &T : F.ThreadStarts)
      W.recordAt('S', {T.Function, T.FunctionName}, T.Where);
  }
  for (const ThreadMember &T : Facts.ThreadMembers)
    W.recordAt('T',
               {T.Class, T.Member, T.Container ? "container" : "thread",
                T.Destructor},
               T.Where);
  return Text;
}

std::optional<std::string> parseFacts(
    llvm::StringRef Text, UnitFacts &Facts,
    llvm::function_ref<std::string(llvm::StringRef)> MapPath) {
  unsigned LineNumber = 0;
  auto Fail = [&](llvm::StringRef Why) {
    return "malformed facts, line " + std::to_string(LineNumber) + ": " +
           Why.str();
  };
  llvm::StringRef Rest = Text;
  std::vector<HeldLockFact> *HeldTarget = nullptr;
  llvm::SmallVector<llvm::StringRef, 8> Fields;
  while (!Rest.empty()) {
    llvm::StringRef Line;
    std::tie(Line, Rest) = Rest.split('\n');
    ++LineNumber;
    if (LineNumber == 1) {
      if (Line != Header)
        return Fail("expected '" + Header.str() + "'");
      continue;
    }
    if (Line.empty())
      continue;
    Fields.clear();
    Line.split(Fields, '\t');
    if (Fields.front().size() != 1)
      return Fail("unknown record");
    char Kind = Fields.front().front();
    auto Path = [&](llvm::StringRef Field) {
      std::string File = unescape(Field);
      return MapPath ? MapPath(File) : File;
    };
    // Records that end in a place: FILE LINE COL after NameFields fields.
    auto PlaceAt = [&](size_t NameFields, Place &P) -> bool {
      if (Fields.size() != NameFields + 4)
        return false;
      P.File = Path(Fields[NameFields + 1]);
      return !Fields[NameFields + 2].getAsInteger(10, P.Line) &&
             !Fields[NameFields + 3].getAsInteger(10, P.Column);
    };
    FunctionFacts *Current =
        Facts.Functions.empty() ? nullptr : &Facts.Functions.back();
    switch (Kind) {
    case 'U':
      if (Fields.size() != 2)
        return Fail("U needs a file");
      Facts.Unit = Path(Fields[1]);
      break;
    case 'L':
      if (Fields.size() != 2 || Fields[1] != "c")
        return Fail("L needs the language 'c'");
      Facts.IsC = true;
      break;
    case 'E':
      if (Fields.size() != 2)
        return Fail("E needs a check");
      Facts.EnabledChecks.push_back(unescape(Fields[1]));
      break;
    case 'F': {
      FunctionFacts F;
      if (!PlaceAt(2, F.Where))
        return Fail("F needs id, name and place");
      F.Id = unescape(Fields[1]);
      F.Name = unescape(Fields[2]);
      Facts.Functions.push_back(std::move(F));
      HeldTarget = nullptr;
      break;
    }
    case 'A': {
      Acquisition A;
      if (!Current || !PlaceAt(1, A.Where))
        return Fail("A needs a function and lock and place");
      A.Lock = unescape(Fields[1]);
      Current->Acquisitions.push_back(std::move(A));
      HeldTarget = &Current->Acquisitions.back().Held;
      break;
    }
    case 'C': {
      Call C;
      if (!Current || !PlaceAt(2, C.Where))
        return Fail("C needs a function, callee and place");
      C.Callee = unescape(Fields[1]);
      C.CalleeName = unescape(Fields[2]);
      Current->Calls.push_back(std::move(C));
      HeldTarget = &Current->Calls.back().Held;
      break;
    }
    case 'H': {
      HeldLockFact H;
      if (!HeldTarget || !PlaceAt(1, H.AcquiredAt))
        return Fail("H needs an A or C before it, a lock and place");
      H.Lock = unescape(Fields[1]);
      HeldTarget->push_back(std::move(H));
      break;
    }
    case 'P': {
      unsigned Index = 0;
      if (!Current || Current->Calls.empty() || Fields.size() != 3 ||
          Fields[1].getAsInteger(10, Index))
        return Fail("P needs a C before it, an index and a lock");
      Current->Calls.back().LockArguments.push_back(
          {Index, unescape(Fields[2])});
      break;
    }
    case 'R': {
      Release R;
      if (!Current || !PlaceAt(1, R.Where))
        return Fail("R needs a function, lock and place");
      R.Lock = unescape(Fields[1]);
      Current->ReleasesCallersLocks.push_back(std::move(R));
      HeldTarget = nullptr;
      break;
    }
    case 'X':
      if (!Current || Fields.size() != 2)
        return Fail("X needs a function and a lock");
      Current->ReturnsHolding.push_back(unescape(Fields[1]));
      HeldTarget = nullptr;
      break;
    case 'S': {
      ThreadStartFact T;
      if (!Current || !PlaceAt(2, T.Where))
        return Fail("S needs a function, the function it runs and place");
      T.Function = unescape(Fields[1]);
      T.FunctionName = unescape(Fields[2]);
      Current->ThreadStarts.push_back(std::move(T));
      HeldTarget = nullptr;
      break;
    }
    case 'J':
      if (!Current || Fields.size() != 2)
        return Fail("J needs a function and a member");
      Current->JoinsMembers.push_back(unescape(Fields[1]));
      HeldTarget = nullptr;
      break;
    case 'T': {
      ThreadMember T;
      if (!PlaceAt(4, T.Where) ||
          (Fields[3] != "thread" && Fields[3] != "container"))
        return Fail("T needs class, member, kind, destructor and place");
      T.Class = unescape(Fields[1]);
      T.Member = unescape(Fields[2]);
      T.Container = Fields[3] == "container";
      T.Destructor = unescape(Fields[4]);
      Facts.ThreadMembers.push_back(std::move(T));
      HeldTarget = nullptr;
      break;
    }
    default:
      return Fail("unknown record");
    }
  }
  if (LineNumber == 0)
    return std::string("malformed facts: empty");
  return std::nullopt;
}

} // namespace clang::tidy::conc::analysis
