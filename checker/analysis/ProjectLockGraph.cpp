//===--- ProjectLockGraph.cpp - conc-tidy ---------------------------------===//
//
// Part of conc.
//
//===----------------------------------------------------------------------===//

#include "analysis/ProjectLockGraph.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <functional>

namespace clang::tidy::conc::facts {
namespace {

using UnitSet = std::vector<unsigned>; // sorted unit indexes

UnitSet intersect(const UnitSet &A, const UnitSet &B) {
  UnitSet Out;
  std::set_intersection(A.begin(), A.end(), B.begin(), B.end(),
                        std::back_inserter(Out));
  return Out;
}

UnitSet unite(const UnitSet &A, const UnitSet &B) {
  UnitSet Out;
  std::set_union(A.begin(), A.end(), B.begin(), B.end(),
                 std::back_inserter(Out));
  return Out;
}

/// `mu@unit` of unit U is `mu@unit:<U's path>`: another lock than the
/// `mu@unit` of any other unit.
void makePrivateNamesUnique(UnitFacts &Unit) {
  std::string Suffix = std::string(UnitPrivateSuffix) + ":" + Unit.Unit;
  auto Fix = [&](std::string &Name) {
    if (llvm::StringRef(Name).ends_with(UnitPrivateSuffix))
      Name.replace(Name.size() - UnitPrivateSuffix.size(),
                   UnitPrivateSuffix.size(), Suffix);
  };
  for (FunctionFacts &F : Unit.Functions) {
    Fix(F.Id);
    for (Acquisition &A : F.Acquisitions) {
      Fix(A.Lock);
      for (HeldLock &H : A.Held)
        Fix(H.Lock);
    }
    for (Call &C : F.Calls) {
      Fix(C.Callee);
      for (HeldLock &H : C.Held)
        Fix(H.Lock);
    }
    for (Release &R : F.ReleasesCallersLocks)
      Fix(R.Lock);
    for (std::string &L : F.ReturnsHolding)
      Fix(L);
  }
}



} // namespace

struct ProjectLockGraph::Impl {
  struct Definition {
    const FunctionFacts *Facts = nullptr; // from the first defining unit
    unsigned Unit = 0;
    UnitSet Units; // every unit that defines it
  };
  /// A lock that a call to a function acquires, and how.
  struct Reach {
    std::string Lock;
    Place AcquiredAt;
    const FunctionFacts *In = nullptr;           // the acquiring function
    std::vector<const Call *> Chain;             // calls from the function
    std::vector<const FunctionFacts *> Through;  // the callers of Chain
    UnitSet LocalUnits; // units that see the whole chain
  };
  /// One instance of an edge: where the held lock was taken, where the
  /// other one is, and the calls between.
  struct Witness {
    const FunctionFacts *Holder = nullptr;
    Place HeldAt;
    const Call *Via = nullptr;
    Reach Target; // Chain empty for a direct acquisition
  };
  struct Edge {
    Witness First;
    UnitSet LocalUnits;
    std::vector<std::string> Gates;
    bool Enabled = false; // found in a unit where conc-lock-order runs
  };

  std::vector<UnitFacts> Units;
  std::map<std::string, Definition> Functions;
  std::map<std::pair<std::string, std::string>, Edge> Edges;
  std::map<std::string, std::vector<Reach>> Reached;
  std::set<std::string> InProgress;
  /// Calls made while a lock is held, by the place that lock was taken.
  std::map<Place, std::vector<std::pair<const Call *, std::string>>>
      CallsHolding;

  const std::vector<Reach> &reach(const std::string &Id, unsigned Depth);
  void addEdge(const std::string &From, const std::string &To, Witness W,
               const std::vector<HeldLock> &Held, const UnitSet &Local,
               bool Enabled);
  bool releases(const std::string &Id, const std::string &Lock,
                unsigned Depth) const;
  void build();
};

const std::vector<ProjectLockGraph::Impl::Reach> &
ProjectLockGraph::Impl::reach(const std::string &Id, unsigned Depth) {
  static const std::vector<Reach> None;
  if (auto It = Reached.find(Id); It != Reached.end())
    return It->second;
  auto Def = Functions.find(Id);
  if (Def == Functions.end())
    return Reached[Id]; // defined in no unit: acquires nothing known
  if (Depth > MaxCallDepth || InProgress.count(Id))
    return None;
  InProgress.insert(Id);
  const FunctionFacts &F = *Def->second.Facts;
  std::vector<Reach> Out;
  auto Add = [&](Reach R) {
    for (Reach &Known : Out)
      if (Known.Lock == R.Lock) {
        Known.LocalUnits = unite(Known.LocalUnits, R.LocalUnits);
        return;
      }
    Out.push_back(std::move(R));
  };
  for (const Acquisition &A : F.Acquisitions)
    Add({A.Lock, A.Where, &F, {}, {}, Def->second.Units});
  for (const Call &C : F.Calls) {
    // Copied: the recursion may grow Reached.
    std::vector<Reach> Inner = reach(C.Callee, Depth + 1);
    for (Reach &R : Inner) {
      if (llvm::any_of(C.Held,
                       [&](const HeldLock &H) { return H.Lock == R.Lock; }))
        continue; // a relock, not an order (conc-manual-lock's business)
      R.Chain.insert(R.Chain.begin(), &C);
      R.Through.insert(R.Through.begin(), &F);
      R.LocalUnits = intersect(Def->second.Units, R.LocalUnits);
      Add(std::move(R));
    }
  }
  InProgress.erase(Id);
  return Reached[Id] = std::move(Out);
}

void ProjectLockGraph::Impl::addEdge(const std::string &From,
                                     const std::string &To, Witness W,
                                     const std::vector<HeldLock> &Held,
                                     const UnitSet &Local, bool Enabled) {
  std::vector<std::string> Gates;
  for (const HeldLock &H : Held)
    if (H.Lock != From && H.Lock != To)
      Gates.push_back(H.Lock);
  llvm::sort(Gates);
  Gates.erase(std::unique(Gates.begin(), Gates.end()), Gates.end());
  auto [It, New] = Edges.try_emplace({From, To});
  Edge &E = It->second;
  if (New) {
    E.First = std::move(W);
    E.Gates = std::move(Gates);
  } else {
    llvm::erase_if(E.Gates, [&](const std::string &G) {
      return !std::binary_search(Gates.begin(), Gates.end(), G);
    });
  }
  E.LocalUnits = unite(E.LocalUnits, Local);
  E.Enabled |= Enabled;
}

void ProjectLockGraph::Impl::build() {
  for (unsigned U = 0; U < Units.size(); ++U)
    for (const FunctionFacts &F : Units[U].Functions) {
      auto [It, New] = Functions.try_emplace(F.Id);
      if (New) {
        It->second.Facts = &F;
        It->second.Unit = U;
      }
      if (It->second.Units.empty() || It->second.Units.back() != U)
        It->second.Units.push_back(U);
    }
  for (const auto &[Id, Def] : Functions) {
    const FunctionFacts &F = *Def.Facts;
    bool Enabled = llvm::is_contained(Units[Def.Unit].EnabledChecks,
                                      "conc-lock-order");
    for (const Acquisition &A : F.Acquisitions)
      for (const HeldLock &H : A.Held)
        if (H.Lock != A.Lock)
          addEdge(H.Lock, A.Lock,
                  {&F, H.AcquiredAt, nullptr,
                   {A.Lock, A.Where, &F, {}, {}, Def.Units}},
                  A.Held, Def.Units, Enabled);
    for (const Call &C : F.Calls) {
      for (const HeldLock &H : C.Held)
        CallsHolding[H.AcquiredAt].push_back({&C, H.Lock});
      if (C.Held.empty())
        continue;
      std::vector<Reach> Inner = reach(C.Callee, 1);
      for (const Reach &R : Inner) {
        if (llvm::any_of(C.Held,
                         [&](const HeldLock &H) { return H.Lock == R.Lock; }))
          continue;
        UnitSet Local = intersect(Def.Units, R.LocalUnits);
        for (const HeldLock &H : C.Held)
          addEdge(H.Lock, R.Lock, {&F, H.AcquiredAt, &C, R}, C.Held, Local,
                  Enabled);
      }
    }
  }
}

bool ProjectLockGraph::Impl::releases(const std::string &Id,
                                      const std::string &Lock,
                                      unsigned Depth) const {
  auto Def = Functions.find(Id);
  if (Def == Functions.end() || Depth > MaxCallDepth)
    return false;
  const FunctionFacts &F = *Def->second.Facts;
  if (llvm::any_of(F.ReleasesCallersLocks,
                   [&](const Release &R) { return R.Lock == Lock; }))
    return true;
  return llvm::any_of(F.Calls, [&](const Call &C) {
    return C.Callee != Id && releases(C.Callee, Lock, Depth + 1);
  });
}

ProjectLockGraph::ProjectLockGraph(std::vector<UnitFacts> Units)
    : P(std::make_unique<Impl>()) {
  llvm::sort(Units, [](const UnitFacts &A, const UnitFacts &B) {
    return A.Unit < B.Unit;
  });
  // A unit read twice (a header's facts from two shards, a unit listed
  // twice): once is enough.
  Units.erase(std::unique(Units.begin(), Units.end(),
                          [](const UnitFacts &A, const UnitFacts &B) {
                            return A.Unit == B.Unit;
                          }),
              Units.end());
  for (UnitFacts &U : Units)
    makePrivateNamesUnique(U);
  P->Units = std::move(Units);
  P->build();
}

ProjectLockGraph::~ProjectLockGraph() = default;

size_t ProjectLockGraph::numEdges() const { return P->Edges.size(); }

size_t ProjectLockGraph::numLocks() const {
  std::set<std::string> Locks;
  for (const auto &[Key, E] : P->Edges) {
    Locks.insert(Key.first);
    Locks.insert(Key.second);
  }
  return Locks.size();
}

std::vector<LockCycle> ProjectLockGraph::crossUnitCycles(
    unsigned MaxLength, unsigned MaxCycles) const {
  std::vector<std::string> Names;
  for (const auto &[Key, E] : P->Edges) {
    Names.push_back(Key.first);
    Names.push_back(Key.second);
  }
  llvm::sort(Names);
  Names.erase(std::unique(Names.begin(), Names.end()), Names.end());
  auto IndexOf = [&](const std::string &Name) {
    return static_cast<unsigned>(
        std::lower_bound(Names.begin(), Names.end(), Name) - Names.begin());
  };
  std::vector<std::vector<unsigned>> Successors(Names.size());
  for (const auto &[Key, E] : P->Edges)
    Successors[IndexOf(Key.first)].push_back(IndexOf(Key.second));
  for (auto &List : Successors)
    llvm::sort(List);

  std::vector<LockCycle> Cycles;
  auto EdgeOf = [&](unsigned From, unsigned To) -> const Impl::Edge & {
    return P->Edges.at({Names[From], Names[To]});
  };
  auto Consider = [&](const std::vector<unsigned> &Path) {
    UnitSet Local;
    std::vector<std::string> Gates;
    for (size_t I = 0; I < Path.size(); ++I) {
      const Impl::Edge &E = EdgeOf(Path[I], Path[(I + 1) % Path.size()]);
      if (!E.Enabled)
        return;
      Local = I == 0 ? E.LocalUnits : intersect(Local, E.LocalUnits);
      if (I == 0) {
        Gates = E.Gates;
      } else {
        llvm::erase_if(Gates, [&](const std::string &G) {
          return !llvm::is_contained(E.Gates, G);
        });
      }
    }
    // One unit sees every edge: conc-lock-order reports it there. A lock
    // held at every acquisition lets one thread at a time take them.
    if (!Local.empty() || !Gates.empty())
      return;
    LockCycle Cycle;
    std::string Order;
    for (unsigned N : Path) {
      Cycle.Locks.push_back(Names[N]);
      Order += "'" + shownName(Names[N]) + "' -> ";
    }
    Order += "'" + shownName(Names[Path.front()]) + "'";
    Cycle.Message = "lock order cycle " + Order +
                    " across files: threads that take these locks in these "
                    "orders can deadlock; take them together with "
                    "std::scoped_lock (or std::lock), or always in one order";
    for (size_t I = 0; I < Path.size(); ++I) {
      const Impl::Witness &W =
          EdgeOf(Path[I], Path[(I + 1) % Path.size()]).First;
      std::string Held = shownName(Names[Path[I]]);
      std::string Taken = shownName(Names[Path[(I + 1) % Path.size()]]);
      if (I == 0)
        Cycle.Where = W.Via ? W.Via->Where : W.Target.AcquiredAt;
      Cycle.Steps.push_back({"'" + Held + "' is acquired here", W.HeldAt});
      if (!W.Via) {
        Cycle.Steps.push_back(
            {"'" + Taken + "' is acquired here while '" + Held + "' is held",
             W.Target.AcquiredAt});
        continue;
      }
      Cycle.Steps.push_back({"'" + Taken + "' is acquired in '" +
                                 shownName(W.Via->CalleeName) +
                                 "', called here while '" + Held +
                                 "' is held",
                             W.Via->Where});
      for (size_t C = 0; C < W.Target.Chain.size(); ++C)
        Cycle.Steps.push_back(
            {"'" + shownName(W.Target.Through[C]->Name) + "' calls '" +
                 shownName(W.Target.Chain[C]->CalleeName) + "' here",
             W.Target.Chain[C]->Where});
      Cycle.Steps.push_back({"'" + Taken + "' is acquired here in '" +
                                 shownName(W.Target.In->Name) + "'",
                             W.Target.AcquiredAt});
    }
    Cycles.push_back(std::move(Cycle));
  };

  // Elementary cycles, each once: from its smallest lock, through larger
  // ones only.
  std::vector<unsigned> Path;
  std::vector<bool> OnPath(Names.size(), false);
  std::function<void(unsigned, unsigned)> Walk = [&](unsigned Start,
                                                     unsigned Node) {
    for (unsigned Next : Successors[Node]) {
      if (Cycles.size() >= MaxCycles)
        return;
      if (Next == Start && Path.size() >= 2) {
        Consider(Path);
        continue;
      }
      if (Next <= Start || OnPath[Next] || Path.size() >= MaxLength)
        continue;
      Path.push_back(Next);
      OnPath[Next] = true;
      Walk(Start, Next);
      OnPath[Next] = false;
      Path.pop_back();
    }
  };
  for (unsigned Start = 0; Start < Names.size(); ++Start) {
    Path = {Start};
    OnPath[Start] = true;
    Walk(Start, Start);
    OnPath[Start] = false;
  }
  return Cycles;
}

bool ProjectLockGraph::releasedThroughCall(const Place &AcquiredAt) const {
  auto It = P->CallsHolding.find(AcquiredAt);
  if (It == P->CallsHolding.end())
    return false;
  return llvm::any_of(It->second, [&](const auto &CallAndLock) {
    return P->releases(CallAndLock.first->Callee, CallAndLock.second, 1);
  });
}

void ProjectLockGraph::writeDot(
    llvm::raw_ostream &OS, const std::vector<LockCycle> &Cycles,
    llvm::function_ref<std::string(llvm::StringRef)> MapPath) const {
  std::set<std::pair<std::string, std::string>> Red;
  for (const LockCycle &C : Cycles)
    for (size_t I = 0; I < C.Locks.size(); ++I)
      Red.insert({C.Locks[I], C.Locks[(I + 1) % C.Locks.size()]});
  auto Quoted = [](llvm::StringRef Text) {
    std::string Out = "\"";
    for (char C : Text) {
      if (C == '"' || C == '\\')
        Out += '\\';
      Out += C;
    }
    return Out + "\"";
  };
  std::set<std::string> Nodes;
  for (const auto &[Key, E] : P->Edges) {
    Nodes.insert(Key.first);
    Nodes.insert(Key.second);
  }
  std::set<std::string> RedNodes;
  for (const auto &[From, To] : Red) {
    RedNodes.insert(From);
    RedNodes.insert(To);
  }
  OS << "// The lock-order graph of the project, written by conc-tidy "
        "--lock-graph:\n// an edge A -> B: B is acquired while A is held.\n";
  OS << "digraph locks {\n  rankdir=LR;\n  node [shape=box, "
        "fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", "
        "fontsize=10];\n";
  for (const std::string &N : Nodes)
    OS << "  " << Quoted(N) << " [label=" << Quoted(shownName(N))
       << (RedNodes.count(N) ? ", color=red, fontcolor=red" : "") << "];\n";
  for (const auto &[Key, E] : P->Edges) {
    const Impl::Witness &W = E.First;
    const Place &At = W.Via ? W.Via->Where : W.Target.AcquiredAt;
    std::string File = MapPath ? MapPath(At.File) : At.File;
    OS << "  " << Quoted(Key.first) << " -> " << Quoted(Key.second)
       << " [label=" << Quoted(File + ":" + std::to_string(At.Line))
       << (Red.count(Key) ? ", color=red, fontcolor=red, penwidth=2" : "")
       << "];\n";
  }
  OS << "}\n";
}

} // namespace clang::tidy::conc::facts
