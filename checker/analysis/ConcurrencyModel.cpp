//===--- ConcurrencyModel.cpp - conc-tidy ---------------------------------===//
//
// Part of conc. Can these two statements run at the same time? See the
// header for the rules.
//
//===----------------------------------------------------------------------===//

#include "ConcurrencyModel.h"
#include "UnitParents.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLExtras.h"
#include <optional>

namespace clang::tidy::conc::analysis {

namespace {

/// A CFG element: block and index in it.
struct Position {
  unsigned Block = 0;
  unsigned Index = 0;
  bool operator==(const Position &O) const {
    return Block == O.Block && Index == O.Index;
  }
};

bool isWaitMethod(StringRef Name) {
  static const char *const Names[] = {
      "wait",  "wait_for", "wait_until",      "acquire", "try_acquire_for",
      "recv",  "recv_for", "arrive_and_wait", "get"};
  return llvm::is_contained(Names, Name);
}

bool isSignalMethod(StringRef Name) {
  static const char *const Names[] = {
      "signal",    "notify_one",    "notify_all", "release",
      "send",      "set_value",     "set_exception", "count_down",
      "arrive",    "arrive_and_wait", "close",    "done",
      "set",       "post"};
  return llvm::is_contained(Names, Name);
}

/// The object a hand-off is made on: a future made by `p.get_future()`
/// stands for the promise `p`.
const ValueDecl *handOffObject(const ValueDecl *Object) {
  const auto *Var = dyn_cast_or_null<VarDecl>(Object);
  if (!Var || !Var->getInit())
    return Object;
  if (const auto *Call =
          dyn_cast<CXXMemberCallExpr>(ignoreWrappers(Var->getInit()))) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (Method && Method->getIdentifier() &&
        Method->getName() == "get_future")
      if (const ValueDecl *Promise =
              namedEntity(Call->getImplicitObjectArgument()))
        return Promise;
  }
  return Object;
}

} // namespace

/// One body's CFG, where each statement is, and which blocks reach which.
struct ConcurrencyModel::Body {
  Body(const Decl &Function, const Stmt *Root, ASTContext &Context)
      : Root(Root), Context(Context) {
    CFG::BuildOptions Options;
    Options.AddImplicitDtors = true;
    Options.setAllAlwaysAdd();
    Graph = CFG::buildCFG(&Function, const_cast<Stmt *>(Root), &Context,
                          Options);
    if (!Graph)
      return;
    unsigned N = Graph->getNumBlockIDs();
    Blocks.assign(N, nullptr);
    for (const CFGBlock *B : *Graph) {
      Blocks[B->getBlockID()] = B;
      unsigned Index = 0;
      for (const CFGElement &E : *B) {
        if (auto S = E.getAs<CFGStmt>())
          Positions.try_emplace(S->getStmt(),
                                Position{B->getBlockID(), Index});
        ++Index;
      }
    }
    // Reach[B]: the blocks reachable from B by one edge or more.
    Reach.assign(N, llvm::BitVector(N));
    for (const CFGBlock *B : *Graph) {
      llvm::SmallVector<const CFGBlock *, 8> Work;
      for (const CFGBlock *Succ : B->succs())
        if (Succ)
          Work.push_back(Succ);
      llvm::BitVector &Seen = Reach[B->getBlockID()];
      while (!Work.empty()) {
        const CFGBlock *Next = Work.pop_back_val();
        if (Seen.test(Next->getBlockID()))
          continue;
        Seen.set(Next->getBlockID());
        for (const CFGBlock *Succ : Next->succs())
          if (Succ)
            Work.push_back(Succ);
      }
    }
  }

  /// Where S runs: its own element, or that of the nearest enclosing
  /// statement that is one.
  std::optional<Position> positionOf(const Stmt *S) const {
    if (!Graph || !S)
      return std::nullopt;
    DynTypedNode Node = DynTypedNode::create(*S);
    for (unsigned Depth = 0; Depth < 64; ++Depth) {
      if (const auto *Current = Node.get<Stmt>()) {
        auto It = Positions.find(Current);
        if (It != Positions.end())
          return It->second;
        if (Current == Root)
          return std::nullopt;
      }
      DynTypedNodeList Parents = parentsOf(Node, Context);
      if (Parents.empty())
        return std::nullopt;
      Node = Parents[0];
    }
    return std::nullopt;
  }

  /// Can B run after A (a path of one step or more)?
  bool reaches(Position A, Position B) const {
    if (A.Block == B.Block && A.Index < B.Index)
      return true;
    return Reach[A.Block].test(B.Block);
  }

  /// Is there a path from just after From to To that passes no element of
  /// Avoid?
  bool pathAvoiding(Position From, Position To,
                    llvm::ArrayRef<Position> Avoid) const {
    return searchAvoiding({From.Block, From.Index + 1}, To, Avoid);
  }

  /// Does a path from the body's entry reach To without passing Avoid?
  bool pathFromEntryAvoiding(Position To, llvm::ArrayRef<Position> Avoid) const {
    return Graph && searchAvoiding({Graph->getEntry().getBlockID(), 0}, To, Avoid);
  }

  /// A search that starts at element Start (inclusive) and stops at the
  /// elements of Avoid.
  bool searchAvoiding(Position Start, Position To,
                      llvm::ArrayRef<Position> Avoid) const {
    llvm::BitVector Visited(Blocks.size());
    llvm::SmallVector<Position, 8> Work = {Start};
    while (!Work.empty()) {
      Position At = Work.pop_back_val();
      const CFGBlock *B = Blocks[At.Block];
      bool Blocked = false;
      for (unsigned I = At.Index; I < B->size() && !Blocked; ++I) {
        Position Here{At.Block, I};
        if (Here == To)
          return true;
        Blocked = llvm::is_contained(Avoid, Here);
      }
      if (Blocked)
        continue;
      for (const CFGBlock *Succ : B->succs())
        if (Succ && !Visited.test(Succ->getBlockID())) {
          Visited.set(Succ->getBlockID());
          Work.push_back({Succ->getBlockID(), 0});
        }
    }
    return false;
  }

  /// The elements that destroy the local Var.
  llvm::SmallVector<Position, 2> destructorsOf(const VarDecl *Var) const {
    llvm::SmallVector<Position, 2> Found;
    if (!Graph)
      return Found;
    for (const CFGBlock *B : *Graph) {
      unsigned Index = 0;
      for (const CFGElement &E : *B) {
        if (auto Dtor = E.getAs<CFGAutomaticObjDtor>())
          if (Dtor->getVarDecl() == Var)
            Found.push_back({B->getBlockID(), Index});
        ++Index;
      }
    }
    return Found;
  }

  const Stmt *Root;
  ASTContext &Context;
  std::unique_ptr<CFG> Graph;
  std::vector<const CFGBlock *> Blocks;
  llvm::DenseMap<const Stmt *, Position> Positions;
  std::vector<llvm::BitVector> Reach;
};

/// A signal or a wait on an object, at a point.
struct ConcurrencyModel::Event {
  ProgramPoint At;
  const ValueDecl *Object = nullptr;
  bool IsSignal = false;
  bool IsWait = false;
};

namespace {

/// The member calls of a body that signal or wait, not counting the
/// lambdas in it (they run who knows when).
class SyncCallFinder : public RecursiveASTVisitor<SyncCallFinder> {
public:
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (Method && Method->getIdentifier() &&
        (isWaitMethod(Method->getName()) || isSignalMethod(Method->getName())))
      Calls.push_back(Call);
    return true;
  }
  llvm::SmallVector<const CXXMemberCallExpr *, 8> Calls;
};

/// Where a join takes effect. For a container of threads, the loop that
/// joins its elements: every path past that loop's condition has joined
/// them all (a path that skips the body found the container empty).
const Stmt *joinSite(const ThreadOwner &Owner, const ThreadStart &Start,
                     const Expr *Join, ASTContext &Context) {
  if (Owner.Kind != ThreadOwner::Container)
    return Join;
  const SourceManager &SM = Context.getSourceManager();
  for (const Stmt *Loop : enclosingLoops(Join, Context)) {
    if (isWithin(Start.Spawn, Loop, SM))
      break; // The loop that starts them: not a joining loop.
    const Expr *Condition = nullptr;
    if (const auto *For = dyn_cast<ForStmt>(Loop))
      Condition = For->getCond();
    else if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop))
      Condition = Range->getCond();
    else if (const auto *While = dyn_cast<WhileStmt>(Loop))
      Condition = While->getCond();
    if (Condition)
      return Condition;
    break;
  }
  return Join;
}

} // namespace

ConcurrencyModel::ConcurrencyModel(const Decl &SpawnerFunction,
                                   llvm::ArrayRef<ThreadStart> Starts,
                                   ASTContext &Context,
                                   const ThreadStartVocabulary &Vocabulary)
    : Context(Context) {
  const Stmt *SpawnerStmt = SpawnerFunction.getBody();
  SpawnerBody = std::make_unique<Body>(SpawnerFunction, SpawnerStmt, Context);
  auto AddEvents = [&](const Stmt *Root, int Thread,
                       const ThreadStart *Start) {
    if (!Root)
      return;
    SyncCallFinder Finder;
    Finder.TraverseStmt(const_cast<Stmt *>(Root));
    for (const CXXMemberCallExpr *Call : Finder.Calls) {
      const ValueDecl *Object = namedEntity(Call->getImplicitObjectArgument());
      // A parameter of a thread function stands for what the start passes.
      if (Start && !Start->Lambda && Object)
        if (const ValueDecl *Outer = outerEntity(*Start, Object))
          Object = Outer;
      if (!Object)
        continue;
      StringRef Name = Call->getMethodDecl()->getName();
      Events.push_back({{Thread, Call},
                        handOffObject(Object),
                        isSignalMethod(Name),
                        isWaitMethod(Name)});
    }
  };
  AddEvents(SpawnerStmt, ProgramPoint::Spawner, nullptr);
  for (unsigned I = 0; I < Starts.size(); ++I) {
    const ThreadStart &Start = Starts[I];
    StartSites.push_back(Start.Spawn);
    const FunctionDecl *Function = Start.bodyFunction();
    const Stmt *Root = Start.body();
    ThreadBodies.push_back(Function && Root ? std::make_unique<Body>(
                                                  *Function, Root, Context)
                                            : nullptr);
    AddEvents(Root, static_cast<int>(I), &Start);
    // Its joins, as elements of the spawner's CFG.
    ThreadOwner Owner = findThreadOwner(Start, Context, Vocabulary);
    JoinedAtOnce.push_back(Owner.Kind == ThreadOwner::JoinedAtOnce);
    JoinPositions.emplace_back();
    for (const Expr *Join : findJoins(Owner, SpawnerStmt, Context))
      if (auto P = SpawnerBody->positionOf(joinSite(Owner, Start, Join, Context)))
        JoinPositions.back().push_back({P->Block, P->Index});
    if (Owner.JoinsOnDestruction)
      if (const auto *Var = dyn_cast_or_null<VarDecl>(Owner.Decl))
        for (Position P : SpawnerBody->destructorsOf(Var))
          JoinPositions.back().push_back({P.Block, P.Index});
  }
}

ConcurrencyModel::~ConcurrencyModel() = default;

const ConcurrencyModel::Body *ConcurrencyModel::bodyOf(int Thread) const {
  if (Thread == ProgramPoint::Spawner)
    return SpawnerBody.get();
  if (Thread < 0 || static_cast<size_t>(Thread) >= ThreadBodies.size())
    return nullptr;
  return ThreadBodies[Thread].get();
}

bool ConcurrencyModel::reaches(ProgramPoint A, ProgramPoint B) const {
  const Body *In = bodyOf(A.Thread);
  if (A.Thread != B.Thread || !In)
    return false;
  auto PA = In->positionOf(A.S), PB = In->positionOf(B.S);
  return PA && PB && In->reaches(*PA, *PB);
}

bool ConcurrencyModel::alwaysRunsBefore(llvm::ArrayRef<ProgramPoint> Firsts,
                                        ProgramPoint B) const {
  const Body *In = bodyOf(B.Thread);
  auto PB = In ? In->positionOf(B.S) : std::nullopt;
  if (!PB || Firsts.empty())
    return false;
  llvm::SmallVector<Position, 4> Avoid;
  for (ProgramPoint A : Firsts) {
    auto PA = A.Thread == B.Thread ? In->positionOf(A.S) : std::nullopt;
    if (!PA || *PA == *PB)
      return false;
    Avoid.push_back(*PA);
  }
  return !In->pathFromEntryAvoiding(*PB, Avoid);
}

bool ConcurrencyModel::precedes(ProgramPoint A, ProgramPoint B) const {
  return reaches(A, B) && !reaches(B, A);
}

bool ConcurrencyModel::mayRunWhileThreadRuns(unsigned Thread,
                                             const Stmt *S) const {
  if (Thread >= StartSites.size() || JoinedAtOnce[Thread])
    return false;
  auto From = SpawnerBody->positionOf(StartSites[Thread]);
  auto To = SpawnerBody->positionOf(S);
  if (!From || !To)
    return true; // Unknown: assume the worst.
  llvm::SmallVector<Position, 2> Avoid;
  for (auto [Block, Index] : JoinPositions[Thread])
    Avoid.push_back({Block, Index});
  return SpawnerBody->pathAvoiding(*From, *To, Avoid);
}

bool ConcurrencyModel::isRepeated(unsigned Thread) const {
  return Thread < StartSites.size() &&
         mayRunWhileThreadRuns(Thread, StartSites[Thread]);
}

bool ConcurrencyModel::directlyBefore(ProgramPoint A, ProgramPoint B) const {
  constexpr int Spawner = ProgramPoint::Spawner;
  if (A.Thread == B.Thread)
    return precedes(A, B);
  // Thread A's code is done at B when B cannot run while A's thread runs
  // and comes after its start.
  auto JoinedBefore = [&](unsigned Thread, const Stmt *SpawnerStmt) {
    ProgramPoint Start{Spawner, StartSites[Thread]};
    return reaches(Start, {Spawner, SpawnerStmt}) &&
           !mayRunWhileThreadRuns(Thread, SpawnerStmt);
  };
  if (A.Thread == Spawner)
    return precedes(A, {Spawner, StartSites[B.Thread]});
  if (B.Thread == Spawner)
    return JoinedBefore(A.Thread, B.S);
  return JoinedBefore(A.Thread, StartSites[B.Thread]);
}

bool ConcurrencyModel::happensBefore(ProgramPoint A, ProgramPoint B) const {
  // From A, follow the hand-offs: each wait released by a signal made
  // after the current point is a new point that everything before it
  // happens before.
  llvm::SmallVector<ProgramPoint, 8> Work = {A};
  llvm::SmallVector<const Stmt *, 8> Seen = {A.S};
  while (!Work.empty()) {
    ProgramPoint At = Work.pop_back_val();
    if (directlyBefore(At, B))
      return true;
    for (const Event &Signal : Events) {
      if (!Signal.IsSignal)
        continue;
      bool After = (Signal.At.Thread == At.Thread && Signal.At.S == At.S) ||
                   directlyBefore(At, Signal.At);
      if (!After)
        continue;
      for (const Event &Wait : Events) {
        if (!Wait.IsWait || Wait.Object != Signal.Object ||
            Wait.At.Thread == Signal.At.Thread ||
            llvm::is_contained(Seen, Wait.At.S))
          continue;
        Seen.push_back(Wait.At.S);
        Work.push_back(Wait.At);
      }
    }
  }
  return false;
}

bool ConcurrencyModel::concurrent(ProgramPoint A, ProgramPoint B) const {
  if (A.Thread == B.Thread)
    return A.Thread != ProgramPoint::Spawner && isRepeated(A.Thread);
  if (happensBefore(A, B) || happensBefore(B, A))
    return false;
  if (A.Thread == ProgramPoint::Spawner)
    return mayRunWhileThreadRuns(B.Thread, A.S);
  if (B.Thread == ProgramPoint::Spawner)
    return mayRunWhileThreadRuns(A.Thread, B.S);
  return mayRunWhileThreadRuns(A.Thread, StartSites[B.Thread]) ||
         mayRunWhileThreadRuns(B.Thread, StartSites[A.Thread]);
}

} // namespace clang::tidy::conc::analysis
