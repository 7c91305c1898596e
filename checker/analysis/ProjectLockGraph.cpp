//===--- ProjectLockGraph.cpp - conc-tidy ---------------------------------===//
//
// Part of conc.
//
//===----------------------------------------------------------------------===//

#include "analysis/ProjectLockGraph.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Sequence.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <optional>

namespace clang::tidy::conc::analysis {
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
    // `f@unit#0`, the parameter lock of a unit-private function, too.
    llvm::StringRef Base = Name;
    if (auto Parameter = parseParameterLockId(Name))
      Base = Parameter->first;
    if (Base.ends_with(UnitPrivateSuffix))
      Name.replace(Base.size() - UnitPrivateSuffix.size(),
                   UnitPrivateSuffix.size(), Suffix);
  };
  for (FunctionFacts &F : Unit.Functions) {
    Fix(F.Id);
    for (Acquisition &A : F.Acquisitions) {
      Fix(A.Lock);
      for (HeldLockFact &H : A.Held)
        Fix(H.Lock);
    }
    for (Call &C : F.Calls) {
      Fix(C.Callee);
      for (HeldLockFact &H : C.Held)
        Fix(H.Lock);
      for (auto &Argument : C.LockArguments)
        Fix(Argument.second);
    }
    for (Release &R : F.ReleasesCallersLocks)
      Fix(R.Lock);
    for (std::string &L : F.ReturnsHolding)
      Fix(L);
    for (ThreadStartFact &T : F.ThreadStarts)
      Fix(T.Function);
  }
}



} // namespace

struct ProjectLockGraph::Impl {
  struct Definition {
    const FunctionFacts *Facts = nullptr; // from the first defining unit
    unsigned Unit = 0;
    UnitSet Units; // every unit that defines it
  };
  /// A lock that a call to a function acquires, and how: directly (Via
  /// null, AcquiredAt set) or through the call Via, whose callee acquires
  /// it as Next says.
  struct Reach {
    unsigned Lock = 0;
    const FunctionFacts *In = nullptr;
    const Call *Via = nullptr;
    const Reach *Next = nullptr;
    const Place *AcquiredAt = nullptr;
    UnitSet LocalUnits; // units that see the whole chain
  };
  /// One instance of an edge: where the held lock was taken, where the
  /// other one is, and the calls between.
  struct Witness {
    const FunctionFacts *Holder = nullptr;
    const Place *HeldAt = nullptr;
    const Call *Via = nullptr;       // null: a direct acquisition
    const Reach *Target = nullptr;   // through Via
    const Place *AcquiredAt = nullptr;
  };
  struct Edge {
    Witness First;
    UnitSet LocalUnits;
    std::vector<unsigned> Gates;
    bool Enabled = false; // found in a unit where conc-lock-order runs
  };

  std::vector<UnitFacts> Units;
  llvm::StringMap<unsigned> FunctionIndex;
  std::vector<Definition> Functions; // in the order of their ids
  llvm::StringMap<unsigned> LockIndex;
  std::vector<std::string> LockNames;
  std::map<std::pair<unsigned, unsigned>, Edge> Edges;
  std::deque<Reach> ReachStorage;
  std::vector<std::optional<std::vector<const Reach *>>> Reached;
  std::vector<bool> InProgress;
  /// Calls made while a lock is held, by the place that lock was taken;
  /// built on first need.
  std::optional<std::map<Place, std::vector<std::pair<const Call *,
                                                      std::string>>>>
      CallsHolding;

  /// Every unit that defines F compiles it as C.
  bool definedOnlyInC(const FunctionFacts &F) const {
    auto It = FunctionIndex.find(F.Id);
    if (It == FunctionIndex.end())
      return false;
    return llvm::all_of(Functions[It->second].Units,
                        [&](unsigned U) { return Units[U].IsC; });
  }

  unsigned lock(const std::string &Name) {
    auto [It, New] = LockIndex.try_emplace(Name, LockNames.size());
    if (New)
      LockNames.push_back(Name);
    return It->second;
  }
  std::optional<unsigned> function(llvm::StringRef Id) const {
    auto It = FunctionIndex.find(Id);
    if (It == FunctionIndex.end())
      return std::nullopt;
    return It->second;
  }
  const std::vector<const Reach *> &reach(unsigned Function, unsigned Depth);
  /// The lock a callee's Reach stands for at the call C: itself, or for a
  /// lock the callee reached through its parameter, the lock C passes
  /// there (none when C passes no lock this analysis can name).
  std::optional<unsigned> atCall(const Reach &R, const Call &C) {
    const std::string &Name = LockNames[R.Lock];
    auto Parameter = parseParameterLockId(Name);
    if (!Parameter || Parameter->first != C.Callee)
      return R.Lock;
    for (const auto &[Index, Lock] : C.LockArguments)
      if (Index == Parameter->second)
        return lock(Lock);
    return std::nullopt;
  }
  /// Is this lock a parameter lock (no lock of its own until a call names it)?
  bool isParameterLock(unsigned Lock) const {
    return parseParameterLockId(LockNames[Lock]).has_value();
  }
  void addEdge(unsigned From, unsigned To, const Witness &W,
               const std::vector<HeldLockFact> &Held, const UnitSet &Local,
               bool Enabled);
  bool releases(const std::string &Id, const std::string &Lock,
                unsigned Depth) const;
  void build();
};

const std::vector<const ProjectLockGraph::Impl::Reach *> &
ProjectLockGraph::Impl::reach(unsigned Function, unsigned Depth) {
  static const std::vector<const Reach *> None;
  if (Reached[Function])
    return *Reached[Function];
  if (Depth > MaxCallDepth || InProgress[Function])
    return None;
  InProgress[Function] = true;
  const Definition &Def = Functions[Function];
  const FunctionFacts &F = *Def.Facts;
  std::vector<const Reach *> Out;
  llvm::SmallDenseMap<unsigned, Reach *, 8> ByLock;
  auto Add = [&](Reach R) {
    if (auto It = ByLock.find(R.Lock); It != ByLock.end()) {
      It->second->LocalUnits = unite(It->second->LocalUnits, R.LocalUnits);
      return;
    }
    Reach *Stored = &ReachStorage.emplace_back(std::move(R));
    ByLock[Stored->Lock] = Stored;
    Out.push_back(Stored);
  };
  for (const Acquisition &A : F.Acquisitions)
    Add({lock(A.Lock), &F, nullptr, nullptr, &A.Where, Def.Units});
  for (const Call &C : F.Calls) {
    std::optional<unsigned> Callee = function(C.Callee);
    if (!Callee)
      continue; // defined in no unit: acquires nothing known
    std::vector<const Reach *> Inner = reach(*Callee, Depth + 1);
    for (const Reach *R : Inner) {
      std::optional<unsigned> Lock = atCall(*R, C);
      if (!Lock)
        continue;
      if (llvm::any_of(C.Held, [&](const HeldLockFact &H) {
            return H.Lock == LockNames[*Lock];
          }))
        continue; // a relock, not an order (conc-manual-lock's business)
      Add({*Lock, &F, &C, R, R->AcquiredAt,
           intersect(Def.Units, R->LocalUnits)});
    }
  }
  InProgress[Function] = false;
  Reached[Function] = std::move(Out);
  return *Reached[Function];
}

void ProjectLockGraph::Impl::addEdge(unsigned From, unsigned To,
                                     const Witness &W,
                                     const std::vector<HeldLockFact> &Held,
                                     const UnitSet &Local, bool Enabled) {
  std::vector<unsigned> Gates;
  for (const HeldLockFact &H : Held) {
    unsigned G = lock(H.Lock);
    if (G != From && G != To)
      Gates.push_back(G);
  }
  llvm::sort(Gates);
  Gates.erase(std::unique(Gates.begin(), Gates.end()), Gates.end());
  auto [It, New] = Edges.try_emplace({From, To});
  Edge &E = It->second;
  if (New) {
    E.First = W;
    E.Gates = std::move(Gates);
  } else if (!E.Gates.empty()) {
    llvm::erase_if(E.Gates, [&](unsigned G) {
      return !std::binary_search(Gates.begin(), Gates.end(), G);
    });
  }
  if (E.LocalUnits != Local)
    E.LocalUnits = unite(E.LocalUnits, Local);
  E.Enabled |= Enabled;
}

void ProjectLockGraph::Impl::build() {
  std::vector<std::pair<llvm::StringRef, std::pair<const FunctionFacts *,
                                                   unsigned>>>
      All;
  for (unsigned U = 0; U < Units.size(); ++U)
    for (const FunctionFacts &F : Units[U].Functions)
      All.push_back({F.Id, {&F, U}});
  // By id, then by unit: the first definition of each id is its unit's
  // with the smallest path.
  std::stable_sort(All.begin(), All.end(), [](const auto &A, const auto &B) {
    return A.first < B.first;
  });
  for (const auto &[Id, FunctionAndUnit] : All) {
    auto [It, New] = FunctionIndex.try_emplace(Id, Functions.size());
    if (New)
      Functions.push_back({FunctionAndUnit.first, FunctionAndUnit.second, {}});
    UnitSet &Defining = Functions[It->second].Units;
    if (Defining.empty() || Defining.back() != FunctionAndUnit.second)
      Defining.push_back(FunctionAndUnit.second);
  }
  Reached.resize(Functions.size());
  InProgress.resize(Functions.size());
  // Locks numbered in name order: the cycles' order.
  std::vector<std::string> Names;
  for (const UnitFacts &U : Units)
    for (const FunctionFacts &F : U.Functions) {
      for (const Acquisition &A : F.Acquisitions) {
        Names.push_back(A.Lock);
        for (const HeldLockFact &H : A.Held)
          Names.push_back(H.Lock);
      }
      for (const Call &C : F.Calls) {
        for (const HeldLockFact &H : C.Held)
          Names.push_back(H.Lock);
        for (const auto &Argument : C.LockArguments)
          Names.push_back(Argument.second);
      }
    }
  llvm::sort(Names);
  Names.erase(std::unique(Names.begin(), Names.end()), Names.end());
  for (const std::string &Name : Names)
    lock(Name);

  for (unsigned I = 0; I < Functions.size(); ++I) {
    const Definition &Def = Functions[I];
    const FunctionFacts &F = *Def.Facts;
    bool Enabled = llvm::is_contained(Units[Def.Unit].EnabledChecks,
                                      "conc-lock-order");
    for (const Acquisition &A : F.Acquisitions)
      for (const HeldLockFact &H : A.Held)
        if (H.Lock != A.Lock && !isParameterLock(lock(H.Lock)) &&
            !isParameterLock(lock(A.Lock)))
          addEdge(lock(H.Lock), lock(A.Lock),
                  {&F, &H.AcquiredAt, nullptr, nullptr, &A.Where}, A.Held,
                  Def.Units, Enabled);
    for (const Call &C : F.Calls) {
      if (C.Held.empty())
        continue;
      std::optional<unsigned> Callee = function(C.Callee);
      if (!Callee)
        continue;
      std::vector<const Reach *> Inner = reach(*Callee, 1);
      for (const Reach *R : Inner) {
        std::optional<unsigned> Lock = atCall(*R, C);
        if (!Lock || isParameterLock(*Lock))
          continue; // a lock the caller's own caller names: not known here
        if (llvm::any_of(C.Held, [&](const HeldLockFact &H) {
              return H.Lock == LockNames[*Lock];
            }))
          continue;
        UnitSet Local = intersect(Def.Units, R->LocalUnits);
        for (const HeldLockFact &H : C.Held)
          if (!isParameterLock(lock(H.Lock)))
            addEdge(lock(H.Lock), *Lock,
                  {&F, &H.AcquiredAt, &C, R, R->AcquiredAt}, C.Held, Local,
                  Enabled);
      }
    }
  }
}

bool ProjectLockGraph::Impl::releases(const std::string &Id,
                                      const std::string &Lock,
                                      unsigned Depth) const {
  std::optional<unsigned> Index = function(Id);
  if (!Index || Depth > MaxCallDepth)
    return false;
  const FunctionFacts &F = *Functions[*Index].Facts;
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
  std::set<unsigned> Locks;
  for (const auto &[Key, E] : P->Edges) {
    Locks.insert(Key.first);
    Locks.insert(Key.second);
  }
  return Locks.size();
}

std::vector<LockCycle> ProjectLockGraph::cycles(unsigned MaxLength,
                                                unsigned MaxCycles,
                                                bool OnlyAcrossUnits) const {
  // Locks are numbered in name order (build()): walk them in that order.
  const std::vector<std::string> &Names = P->LockNames;
  std::vector<std::vector<unsigned>> Successors(Names.size());
  for (const auto &[Key, E] : P->Edges)
    Successors[Key.first].push_back(Key.second);
  for (auto &List : Successors)
    llvm::sort(List);

  std::vector<LockCycle> Cycles;
  auto EdgeOf = [&](unsigned From, unsigned To) -> const Impl::Edge & {
    return P->Edges.at({From, To});
  };
  auto Consider = [&](const std::vector<unsigned> &Path) {
    UnitSet Local;
    std::vector<unsigned> Gates;
    for (size_t I = 0; I < Path.size(); ++I) {
      const Impl::Edge &E = EdgeOf(Path[I], Path[(I + 1) % Path.size()]);
      if (!E.Enabled)
        return;
      Local = I == 0 ? E.LocalUnits : intersect(Local, E.LocalUnits);
      if (I == 0) {
        Gates = E.Gates;
      } else {
        llvm::erase_if(Gates, [&](unsigned G) {
          return !llvm::is_contained(E.Gates, G);
        });
      }
    }
    // One unit sees every edge: conc-lock-order reports it there. A lock
    // held at every acquisition lets one thread at a time take them.
    if ((OnlyAcrossUnits && !Local.empty()) || !Gates.empty())
      return;
    LockCycle Cycle;
    std::string Order;
    for (unsigned N : Path) {
      Cycle.Locks.push_back(Names[N]);
      Order += "'" + shownName(Names[N]) + "' -> ";
    }
    Order += "'" + shownName(Names[Path.front()]) + "'";
    // C has no std::scoped_lock: when every function holding a lock of the
    // cycle is C, the only advice is one order.
    bool AllC = llvm::all_of(llvm::seq<size_t>(0, Path.size()), [&](size_t I) {
      const Impl::Witness &W =
          EdgeOf(Path[I], Path[(I + 1) % Path.size()]).First;
      return P->definedOnlyInC(*W.Holder);
    });
    Cycle.Message = "lock order cycle " + Order +
                    (Local.empty() ? " across files" : "") +
                    ": threads that take these locks in these "
                    "orders can deadlock; " +
                    (AllC ? "always take them in one order"
                          : "take them together with std::scoped_lock (or "
                            "std::lock), or always in one order");
    for (size_t I = 0; I < Path.size(); ++I) {
      const Impl::Witness &W =
          EdgeOf(Path[I], Path[(I + 1) % Path.size()]).First;
      std::string Held = shownName(Names[Path[I]]);
      std::string Taken = shownName(Names[Path[(I + 1) % Path.size()]]);
      if (I == 0)
        Cycle.Where = W.Via ? W.Via->Where : *W.AcquiredAt;
      Cycle.Steps.push_back({"'" + Held + "' is acquired here", *W.HeldAt});
      if (!W.Via) {
        Cycle.Steps.push_back(
            {"'" + Taken + "' is acquired here while '" + Held + "' is held",
             *W.AcquiredAt});
        continue;
      }
      Cycle.Steps.push_back({"'" + Taken + "' is acquired in '" +
                                 shownName(W.Via->CalleeName) +
                                 "', called here while '" + Held +
                                 "' is held",
                             W.Via->Where});
      const Impl::Reach *R = W.Target;
      for (; R->Via; R = R->Next)
        Cycle.Steps.push_back({"'" + shownName(R->In->Name) + "' calls '" +
                                   shownName(R->Via->CalleeName) + "' here",
                               R->Via->Where});
      std::string Passed;
      if (auto Parameter = parseParameterLockId(Names[R->Lock]))
        Passed = ", which takes it as its parameter " +
                 std::to_string(Parameter->second + 1);
      Cycle.Steps.push_back({"'" + Taken + "' is acquired here in '" +
                                 shownName(R->In->Name) + "'" + Passed,
                             *R->AcquiredAt});
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
  if (!P->CallsHolding) {
    P->CallsHolding.emplace();
    for (const Impl::Definition &Def : P->Functions)
      for (const Call &C : Def.Facts->Calls)
        for (const HeldLockFact &H : C.Held)
          (*P->CallsHolding)[H.AcquiredAt].push_back({&C, H.Lock});
  }
  auto It = P->CallsHolding->find(AcquiredAt);
  if (It == P->CallsHolding->end())
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
  const std::vector<std::string> &Names = P->LockNames;
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
    Nodes.insert(Names[Key.first]);
    Nodes.insert(Names[Key.second]);
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
    const Place &At = W.Via ? W.Via->Where : *W.AcquiredAt;
    std::string File = MapPath ? MapPath(At.File) : At.File;
    std::pair<std::string, std::string> Named{Names[Key.first],
                                              Names[Key.second]};
    OS << "  " << Quoted(Named.first) << " -> " << Quoted(Named.second)
       << " [label=" << Quoted(File + ":" + std::to_string(At.Line))
       << (Red.count(Named) ? ", color=red, fontcolor=red, penwidth=2" : "")
       << "];\n";
  }
  OS << "}\n";
}

} // namespace clang::tidy::conc::analysis
