//===--- TrackedObjectFlow.h - conc-tidy ------------------------*- C++ -*-===//
//
// Part of conc. The one flow-sensitive analysis that the lifetime, lock and
// channel checks share: "in which states can this object be, here, on some
// path?", on clang's CFG with exception edges.
//
//===----------------------------------------------------------------------===//
//
// WHAT IT IS FOR
//
// A check that must know the state of an object along every path of a
// function (is this std::thread still joinable when it is destroyed? is this
// mutex still locked when the function returns? was this channel closed
// already?) writes a small FlowClient and calls runTrackedObjectFlow(). The
// engine owns everything else:
//
//   * the CFG, built with exception edges, implicit destructors and lifetime
//     ends: a call that is not noexcept is a way out of the scope, a `throw`
//     too, and a try's catch dispatch is followed (a `catch` that does
//     something and rethrows is a real path);
//   * a forward dataflow to a fixpoint: per block, per object, a powerset of
//     client states (bit I = client state I), joined by union at merges, so
//     loops and branches cost a few passes, never path enumeration;
//   * the origin of each state: the statement that put the object in it, for
//     the notes of a diagnostic;
//   * exits: every place where a tracked object stops being the function's
//     business, with its kind and site (scope end, return, break/continue/
//     goto, a call that may throw, a `throw`, an exception that no catch of
//     a try takes, reassignment reported by the client, and the function's
//     end for objects that outlive it: members, globals, parameters);
//     implicit destructors are not on clang's exception edges, so the engine
//     itself destroys the locals whose scope an exception leaves;
//   * branch correlation for the everyday "created under `if (c)`, joined
//     under `if (c)`" code: a state set under a stable boolean condition is
//     dropped on the edge where that condition is known to be false;
//   * summaries of functions in the same translation unit (what does
//     `stop(t)` do to `t`?), learned by running the same client over the
//     callee's body, plus summaries given by option.
//
// WHAT A CLIENT WRITES
//
//   enum LockState : unsigned { Unlocked, Locked, NumStates };
//
//   class LockClient : public analysis::FlowClient {
//   public:
//     unsigned numStates() const override { return NumStates; }
//     void transfer(const Stmt &S, analysis::TransferContext &Ctx) override {
//       const auto *Call = dyn_cast<CXXMemberCallExpr>(&S);
//       if (!Call || !isMutex(Call->getImplicitObjectArgument()))
//         return;
//       auto Mutex = analysis::TrackedObject::fromExpr(
//           Call->getImplicitObjectArgument());
//       if (!Mutex)
//         return;
//       if (isLock(Call)) {
//         if (Ctx.state().has(*Mutex, Locked))
//           Ctx.report(DoubleLock, *Mutex, *Call);  // kept in the last pass only
//         Ctx.state().set(*Mutex, Locked, Call);
//       } else if (isUnlock(Call)) {
//         Ctx.state().set(*Mutex, Unlocked, Call);
//       }
//     }
//   };
//
//   LockClient Client;
//   analysis::FlowResult R = analysis::runTrackedObjectFlow(*FD, Ctx, Client);
//   for (const analysis::ExitEvent &E : R.Exits)
//     if (E.Facts.has(Locked))           // still locked on some path here
//       diag(...E.site()...) << E.Object.name() << E.describe();
//   for (const analysis::Finding &F : R.Findings) ...
//
// RULES FOR CLIENTS
//
//   * transfer() sees every statement of the CFG once per visit of its block,
//     sub-expressions before their parent (a CXXConstructExpr before its
//     DeclStmt, the arguments before the call). It may be called several
//     times for the same statement while the fixpoint is computed: it must
//     only read and update Ctx.state(), and report through Ctx.report() or
//     Ctx.exit(), which keep results from the final pass only.
//   * An object is tracked from the first set() on it and stops being
//     tracked at its exit (the engine erases destroyed locals; call
//     Ctx.state().erase() for objects whose duty has moved elsewhere, or
//     set them to a client state that means "not our business").
//   * set() is a strong update (the object is now in exactly that state, on
//     this path); add() keeps the states it had (the object may be in either).
//   * States are at most MaxStates small integers chosen by the client.
//
// The engine knows nothing of threads, locks or channels: names, types and
// functions are the client's business.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_TRACKEDOBJECTFLOW_H
#define CONC_CHECKER_ANALYSIS_TRACKEDOBJECTFLOW_H

#include "FixedConditions.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include <array>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class CFGBlock;
} // namespace clang

namespace clang::tidy::conc::analysis {

/// The most states a client may define.
constexpr unsigned MaxStates = 16;

/// A set of client states: bit I stands for state I.
using StateSet = uint32_t;

constexpr StateSet stateBit(unsigned State) { return StateSet(1) << State; }

/// What is tracked: a variable (local, parameter, global), a member of the
/// object the function works on (`worker_`, as `this->worker_`), or a member
/// of a variable (`pool.thread`).
struct TrackedObject {
  /// A VarDecl or ParmVarDecl; a FieldDecl for a member of `*this`.
  const ValueDecl *Base = nullptr;
  /// The member of Base, or null for Base itself.
  const FieldDecl *Member = nullptr;

  /// The object an expression names: `t`, `this->t`, `t_`, `s.t`, `&t`,
  /// `std::move(t)`, `(t)`, `*p` for a pointer parameter `p`. Nothing for
  /// anything else (an element of an array, a temporary, a call's result).
  static std::optional<TrackedObject> fromExpr(const Expr *E);

  /// How a diagnostic names it: `worker`, `worker_`, `pool.thread`.
  std::string name() const;
  /// A variable with automatic storage: it is destroyed at its scope's end.
  bool isLocalVariable() const;
  /// A parameter of the analysed function (or of a summarised callee).
  bool isParameter() const;

  bool operator==(const TrackedObject &O) const {
    return Base == O.Base && Member == O.Member;
  }
  bool operator!=(const TrackedObject &O) const { return !(*this == O); }
};

/// A boolean condition that holds on every path into a state: `c` (true) or
/// `!c` (false) for a condition `c` that has the same value every time the
/// function tests it (StableConditions.h: `need`, `p->flags & MT`).
struct Guard {
  /// The condition's key (StableConditions); 0: no condition.
  uint64_t Condition = 0;
  bool Value = false;
  bool operator==(const Guard &O) const {
    return Condition == O.Condition && Value == O.Value;
  }
};

/// What is known of one object at one program point.
struct ObjectFacts {
  StateSet States = 0;
  /// For each state in States: a statement that put the object in it on
  /// some path reaching this point (the first one the analysis met).
  std::array<const Stmt *, MaxStates> Origins{};
  /// For each state in States: the condition under which it was entered, if
  /// every path into it entered it under the same one.
  std::array<Guard, MaxStates> Guards{};

  bool has(unsigned State) const { return States & stateBit(State); }
  bool hasOnly(StateSet Set) const { return States && (States & ~Set) == 0; }
  const Stmt *origin(unsigned State) const { return Origins[State]; }
  /// Union with Other; returns whether anything changed.
  bool join(const ObjectFacts &Other);
};

/// The objects tracked at one program point, and the conditions known there.
class FlowState {
public:
  const ObjectFacts *lookup(const TrackedObject &Object) const;
  bool isTracked(const TrackedObject &Object) const {
    return lookup(Object) != nullptr;
  }
  bool has(const TrackedObject &Object, unsigned State) const {
    const ObjectFacts *F = lookup(Object);
    return F && F->has(State);
  }
  /// The object is now in exactly State, because of Origin.
  void set(const TrackedObject &Object, unsigned State, const Stmt *Origin);
  /// The object may now also be in State (its other states are kept).
  void add(const TrackedObject &Object, unsigned State, const Stmt *Origin);
  /// Replaces the object's facts (for a client that computes several).
  void setFacts(const TrackedObject &Object, const ObjectFacts &Facts);
  /// Drops the states in Set (e.g. after `if (t.joinable())` is false);
  /// an object left with no state is no longer tracked.
  void remove(const TrackedObject &Object, StateSet Set);
  /// The object is no longer tracked (destroyed, or its duty moved away).
  void erase(const TrackedObject &Object);

  using Entry = std::pair<TrackedObject, ObjectFacts>;
  llvm::ArrayRef<Entry> objects() const { return Objects; }

  /// Union with Other; returns whether anything changed.
  bool join(const FlowState &Other);
  bool operator==(const FlowState &Other) const;

private:
  friend class FlowEngine;
  llvm::SmallVector<Entry, 4> Objects;
  /// Conditions known on every path to here (intersected at merges).
  llvm::SmallVector<Guard, 2> KnownConditions;
};

/// How a tracked object leaves the analysed code at an exit.
enum class ExitKind {
  ScopeEnd,       ///< Its scope ends normally: Site is the scope's statement.
  Return,         ///< A return leaves its scope: Site is the ReturnStmt.
  Break,          ///< Site is the BreakStmt.
  Continue,       ///< Site is the ContinueStmt.
  Goto,           ///< Site is the GotoStmt.
  ThrowingCall,   ///< A call that may throw leaves its scope: Site is the call.
  Throw,          ///< A throw expression leaves its scope: Site is the throw.
  UncaughtInTry,  ///< No handler of a try takes the exception: Site is the try.
  Reassignment,   ///< Reported by a client through TransferContext::exit().
  FunctionEnd,    ///< The function returns and the object outlives it (a
                  ///< member, a global, a parameter): Site is the return,
                  ///< or null when control falls off the end.
  FunctionThrows, ///< As FunctionEnd, but by an exception: Site is the call
                  ///< or throw.
};

/// One object leaving at one exit, with what it may be at that moment.
struct ExitEvent {
  TrackedObject Object;
  ObjectFacts Facts;
  ExitKind Kind;
  const Stmt *Site = nullptr;
  /// Where to put a note about this exit.
  SourceLocation location(const Decl &Function) const;
  /// The end of a note: "when this return is taken", "if 'parse' throws
  /// here", "at the end of its scope"...
  std::string describe() const;
  /// An exit by an exception.
  bool isExceptional() const {
    return Kind == ExitKind::ThrowingCall || Kind == ExitKind::Throw ||
           Kind == ExitKind::UncaughtInTry || Kind == ExitKind::FunctionThrows;
  }
};

/// Something a client reported from transfer() (double close, double lock):
/// what, where, and what the client knows besides, so that a check can tell
/// the story from the finding alone.
struct Finding {
  unsigned Kind = 0; ///< The client's own code.
  TrackedObject Object;
  ObjectFacts Facts; ///< The object's facts just before the report.
  const Stmt *Site = nullptr;
  /// The earlier statement the finding is about (the first lock of a double
  /// lock, the first unlock of a double unlock); null when there is none.
  const Stmt *Prior = nullptr;
  /// The finding holds on every path that reaches Site, not on some only.
  bool OnEveryPath = true;
  /// A finding made inside a callee, from what the client knows of its
  /// body (Site is then the call): the callee, and the statement in it.
  const FunctionDecl *Callee = nullptr;
  const Stmt *CalleeSite = nullptr;
};

class FunctionSummaries;

/// What transfer() works with.
class TransferContext {
public:
  FlowState &state() { return State; }
  ASTContext &astContext() { return AST; }
  /// The function being analysed.
  const Decl &function() const { return Function; }
  /// Summaries of callees (null when the client was run without any).
  FunctionSummaries *summaries() { return Summaries; }
  /// The object leaves here (e.g. it is assigned to): recorded with its
  /// current facts, in the final pass only. The client then set()s its new
  /// state.
  void exit(const TrackedObject &Object, ExitKind Kind, const Stmt &Site);
  /// A client finding, recorded with the object's current facts, in the
  /// final pass only.
  void report(unsigned Kind, const TrackedObject &Object, const Stmt &Site);
  /// The same with the client's details (Prior, OnEveryPath, Callee,
  /// CalleeSite): Kind, Object and Site must be set; Facts is filled here.
  void report(Finding F);
  bool isFinalPass() const { return FinalPass; }

private:
  friend class FlowEngine;
  TransferContext(FlowState &State, ASTContext &AST, const Decl &Function,
                  FunctionSummaries *Summaries, bool FinalPass,
                  std::vector<ExitEvent> &Exits,
                  std::vector<Finding> &Findings)
      : State(State), AST(AST), Function(Function), Summaries(Summaries),
        FinalPass(FinalPass), Exits(Exits), Findings(Findings) {}
  FlowState &State;
  ASTContext &AST;
  const Decl &Function;
  FunctionSummaries *Summaries;
  bool FinalPass;
  std::vector<ExitEvent> &Exits;
  std::vector<Finding> &Findings;
};

/// The client side of the analysis: what the states are and how statements
/// change them.
class FlowClient {
public:
  virtual ~FlowClient() = default;
  /// How many states (at most MaxStates).
  virtual unsigned numStates() const = 0;
  /// Objects tracked from the entry: members in a destructor, say.
  virtual void initialize(const Decl &Function, FlowState &Entry) {}
  /// Applies one CFG statement to Ctx.state().
  virtual void transfer(const Stmt &S, TransferContext &Ctx) = 0;
  /// Refines the state on the edge where Condition is Value (`t.joinable()`
  /// is false: t is not joinable there).
  virtual void refineOnBranch(const Expr &Condition, bool Value,
                              FlowState &State) {}
  /// Parameters whose value this run assumes (a summary for one call that
  /// passes constants): branches on them take one way only.
  virtual const ParameterValues *boundParameters() const { return nullptr; }
  /// Stable conditions this run assumes (a callee's summary learned for the
  /// paths on which a condition over its parameters has one value): a
  /// branch on one of them takes that way only.
  virtual llvm::ArrayRef<Guard> assumedConditions() const { return {}; }
};

/// The result of one run.
struct FlowResult {
  /// Every tracked object at every exit, in the final pass. Clients keep
  /// the ones whose facts are bad there.
  std::vector<ExitEvent> Exits;
  std::vector<Finding> Findings;
  /// The state when the function returns normally (union over returns).
  FlowState AtReturn;
  /// False when there was no CFG (e.g. a body clang could not build one for)
  /// or the fixpoint hit its iteration bound; the results are then empty.
  bool Complete = false;
};

/// Runs Client over Function's body (a FunctionDecl with a body, including
/// a lambda's call operator). Summaries may be null.
FlowResult runTrackedObjectFlow(const FunctionDecl &Function, ASTContext &AST,
                                FlowClient &Client,
                                FunctionSummaries *Summaries = nullptr);

/// What callees do to the object passed to them, learned from their bodies
/// in this translation unit or given by option.
///
/// The summary of (F, parameter I) is the set of states the parameter may be
/// in when F returns, if it entered in EntryState; a client applies it at a
/// call with applyCallSummary().
class FunctionSummaries {
public:
  FunctionSummaries(FlowClient &Client, ASTContext &AST, unsigned EntryState)
      : Client(Client), AST(AST), EntryState(EntryState) {}

  /// A summary given by option: the function with this qualified name
  /// (`::app::stop`, or `stop`: any function of that name) leaves its
  /// parameter ParamIndex (or every parameter, for ~0u) in ExitStates.
  void addKnown(llvm::StringRef Name, unsigned ParamIndex, StateSet ExitStates);

  /// The states parameter ParamIndex of Callee may be in when Callee
  /// returns; nothing when unknown (no body in this TU, recursion, a body
  /// too large, a parameter the callee does not track).
  std::optional<StateSet> parameterExitStates(const FunctionDecl &Callee,
                                              unsigned ParamIndex);

  /// At Call, applies the callee's summary to every argument that is a
  /// tracked object; returns whether any argument was summarised.
  bool applyCallSummary(const CallExpr &Call, FlowState &State);

private:
  FlowClient &Client;
  ASTContext &AST;
  unsigned EntryState;
  struct Known {
    unsigned ParamIndex;
    StateSet ExitStates;
  };
  llvm::StringMap<llvm::SmallVector<Known, 1>> KnownByName;
  llvm::DenseMap<std::pair<const FunctionDecl *, unsigned>,
                 std::optional<StateSet>>
      Learned;
  llvm::SmallVector<const FunctionDecl *, 4> InProgress;
};

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_TRACKEDOBJECTFLOW_H
