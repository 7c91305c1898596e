//===--- ProjectThreadOwnership.cpp - conc-tidy ---------------------------===//
//
// Part of conc.
//
//===----------------------------------------------------------------------===//

#include "analysis/ProjectThreadOwnership.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <map>
#include <set>

namespace clang::tidy::conc::analysis {
namespace {

constexpr unsigned MaxCallDepth = 8;



std::string privateTo(const std::string &Id, const UnitFacts &Unit) {
  if (llvm::StringRef(Id).ends_with(UnitPrivateSuffix))
    return Id + ":" + Unit.Unit;
  return Id;
}

struct Definition {
  const FunctionFacts *Facts = nullptr;
  const UnitFacts *Unit = nullptr; // the first unit (by path) defining it
  std::set<const UnitFacts *> Units;
};

/// What the destructor's call tree does with one member.
struct Search {
  const std::map<std::string, Definition> &Functions;
  const std::string &Member;
  bool Joined = false;
  bool CallsUnknown = false;     // a function defined in no unit
  bool LeavesItsUnit = false;    // a function its unit does not define
  std::set<std::string> Visited;

  void visit(const std::string &Id, const UnitFacts &DtorUnit,
             unsigned Depth) {
    if (Joined || Depth > MaxCallDepth || !Visited.insert(Id).second)
      return;
    auto It = Functions.find(Id);
    if (It == Functions.end()) {
      CallsUnknown = true;
      return;
    }
    if (!It->second.Units.count(&DtorUnit))
      LeavesItsUnit = true;
    const FunctionFacts &F = *It->second.Facts;
    if (llvm::is_contained(F.JoinsMembers, Member)) {
      Joined = true;
      return;
    }
    for (const Call &C : F.Calls)
      visit(privateTo(C.Callee, *It->second.Unit), DtorUnit, Depth + 1);
  }
};

} // namespace

std::vector<UnjoinedMember>
unjoinedThreadMembers(const std::vector<UnitFacts> &Input) {
  std::vector<const UnitFacts *> Units;
  for (const UnitFacts &U : Input)
    Units.push_back(&U);
  llvm::sort(Units, [](const UnitFacts *A, const UnitFacts *B) {
    return A->Unit < B->Unit;
  });

  std::map<std::string, Definition> Functions;
  for (const UnitFacts *U : Units)
    for (const FunctionFacts &F : U->Functions) {
      Definition &D = Functions[privateTo(F.Id, *U)];
      if (!D.Facts) {
        D.Facts = &F;
        D.Unit = U;
      }
      D.Units.insert(U);
    }

  std::vector<UnjoinedMember> Found;
  std::set<std::string> Seen; // a member declared in a header: once
  for (const UnitFacts *U : Units)
    for (const ThreadMember &T : U->ThreadMembers) {
      if (!Seen.insert(T.Member).second)
        continue;
      auto Dtor = Functions.find(privateTo(T.Destructor, *U));
      if (Dtor == Functions.end())
        continue; // defined in no unit: nothing known
      const UnitFacts &DtorUnit = *Dtor->second.Unit;
      if (!llvm::is_contained(DtorUnit.EnabledChecks, "conc-unjoined-thread"))
        continue;
      Search S{Functions, T.Member};
      S.visit(Dtor->first, DtorUnit, 0);
      // Joined; or a library may join; or the destructor's own unit saw
      // every function it calls (conc-unjoined-thread reports it there).
      if (S.Joined || S.CallsUnknown || !S.LeavesItsUnit)
        continue;
      llvm::StringRef MemberName =
          llvm::StringRef(T.Member).rsplit("::").second;
      std::string ClassName = shownName(T.Class);
      UnjoinedMember M;
      M.Where = T.Where;
      M.Message =
          (T.Container ? "member '" + MemberName.str() +
                             "' may still hold joinable threads when '" +
                             ClassName +
                             "' is destroyed, which calls std::terminate: "
                             "neither its destructor nor any function it "
                             "calls, in any file, joins them; join them in "
                             "the destructor"
                       : "member thread '" + MemberName.str() +
                             "' may still be joinable when '" + ClassName +
                             "' is destroyed, which calls std::terminate: "
                             "neither its destructor nor any function it "
                             "calls, in any file, joins it; join it in the "
                             "destructor or make it a std::jthread");
      const FunctionFacts &D = *Dtor->second.Facts;
      M.Steps.push_back({"the destructor of '" + ClassName + "' is here",
                         D.Where});
      for (const Call &C : D.Calls)
        if (Functions.count(privateTo(C.Callee, DtorUnit)))
          M.Steps.push_back({"it calls '" + shownName(C.CalleeName) +
                                 "' here, which does not join '" +
                                 MemberName.str() + "'",
                             C.Where});
      Found.push_back(std::move(M));
    }
  return Found;
}

} // namespace clang::tidy::conc::analysis
