//===--- ConcurrencyModel.h - conc-tidy -------------------------*- C++ -*-===//
//
// Part of conc. Can these two statements run at the same time? Decided from
// the CFG and the synchronization between them, never from source order.
//
//===----------------------------------------------------------------------===//
//
// One function (the spawner) starts threads; each thread runs a body. A
// point is a statement of the spawner or of one thread's body. The model
// answers, for two points:
//
//   * happensBefore(A, B): on every execution where both run, A is done
//     before B starts:
//       - program order: B is reachable from A in their body's CFG, and A
//         is not reachable from B (a loop around both orders nothing);
//       - a start: A precedes the statement that starts B's thread;
//       - a join: every CFG path from the start of A's thread to B passes
//         one of that thread's joins (join(), get(), wait(), pthread_join,
//         or the destructor of an owner that joins: std::jthread, a future
//         of std::async);
//       - a hand-off: A precedes a signal (`count_down`, `arrive`,
//         `arrive_and_wait`, `release`, `set_value`, `notify_*`, `send`,
//         `close`, `done`...) and B follows a wait on the same object
//         (`wait`, `arrive_and_wait`, `acquire`, `get`, `recv`...) in
//         another thread; a future made by `p.get_future()` is the same
//         object as the promise `p`; hand-offs chain;
//   * concurrent(A, B): neither happens before the other, and their
//     threads may overlap: a CFG path leads from one thread's start to the
//     other's (or to the spawner's statement) without passing the first
//     thread's joins. A thread started again by a loop before its join
//     overlaps itself (isRepeated).
//
// A wait is taken to be released by a matching signal of another thread;
// which signal it was (when several threads signal one object) is not
// followed.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_CONCURRENCYMODEL_H
#define CONC_CHECKER_ANALYSIS_CONCURRENCYMODEL_H

#include "analysis/ThreadBodies.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include <memory>
#include <vector>

namespace clang {
class CFG;
class CFGBlock;
} // namespace clang

namespace clang::tidy::conc::analysis {

/// A statement of the spawner (Thread == Spawner) or of thread Thread's
/// body.
struct ProgramPoint {
  static constexpr int Spawner = -1;
  int Thread = Spawner;
  const Stmt *S = nullptr;
};

class ConcurrencyModel {
public:
  /// The model of \p SpawnerFunction (a function or lambda with a body)
  /// and the threads it starts (\p Starts, in any order; each must have a
  /// body in this translation unit to have points).
  ConcurrencyModel(const Decl &SpawnerFunction, llvm::ArrayRef<ThreadStart> Starts,
                   ASTContext &Context,
                   const ThreadStartVocabulary &Vocabulary);
  ~ConcurrencyModel();

  bool happensBefore(ProgramPoint A, ProgramPoint B) const;
  bool concurrent(ProgramPoint A, ProgramPoint B) const;

  /// Can B run after A in the same body (a CFG path from A to B)?
  bool reaches(ProgramPoint A, ProgramPoint B) const;
  /// Has one of \p Firsts run before B on every path that reaches B in
  /// their body (together they dominate B)? A limit set on both branches of
  /// an `if` before a loop has; one set on one branch only, or after the
  /// loop it should bound, has not.
  bool alwaysRunsBefore(llvm::ArrayRef<ProgramPoint> Firsts,
                        ProgramPoint B) const;
  /// Can the spawner's statement \p S run while thread \p Thread runs: a
  /// path from its start to S that passes none of its joins?
  bool mayRunWhileThreadRuns(unsigned Thread, const Stmt *S) const;
  /// Is thread \p Thread started again (by a loop) before it is joined?
  bool isRepeated(unsigned Thread) const;

private:
  struct Body;
  struct Event;
  const Body *bodyOf(int Thread) const;
  bool precedes(ProgramPoint A, ProgramPoint B) const;
  bool directlyBefore(ProgramPoint A, ProgramPoint B) const;

  ASTContext &Context;
  std::unique_ptr<Body> SpawnerBody;
  std::vector<std::unique_ptr<Body>> ThreadBodies;
  /// Per thread: its start in the spawner, and its joins there.
  std::vector<const Stmt *> StartSites;
  /// (block, index) of each join in the spawner's CFG.
  std::vector<llvm::SmallVector<std::pair<unsigned, unsigned>, 2>>
      JoinPositions;
  std::vector<bool> JoinedAtOnce;
  std::vector<Event> Events;
};

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_CONCURRENCYMODEL_H
