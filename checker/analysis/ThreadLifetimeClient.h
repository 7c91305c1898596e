//===--- ThreadLifetimeClient.h - conc-tidy ---------------------*- C++ -*-===//
//
// Part of conc. The client of the shared flow analysis that follows thread
// objects: std::thread (and the ThreadTypes of the options), containers of
// them and pthread_t handles, from creation to join, detach, move or exit.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_THREADLIFETIMECLIENT_H
#define CONC_CHECKER_ANALYSIS_THREADLIFETIMECLIENT_H

#include "analysis/TrackedObjectFlow.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <optional>
#include <vector>

namespace clang::tidy::conc::analysis {

/// The states of a tracked thread. For a container, Joinable means "may
/// hold joinable threads" and Joined "every element was joined"; for a
/// pthread_t, Joinable means "created and neither joined nor detached".
enum ThreadState : unsigned {
  Empty,     ///< Holds no thread (default-constructed, or not created yet).
  Joinable,  ///< Destroying or assigning it now is a bug.
  Joined,    ///< join() returned.
  Detached,  ///< detach() or pthread_detach().
  MovedFrom, ///< Its thread went to another owner.
  Escaped,   ///< Someone else may join it (by reference, address, copy).
  NumThreadStates
};

/// What kind of thing a tracked object is.
enum class ThreadObjectKind { None, Thread, Container, Pthread };

class ThreadLifetimeClient : public analysis::FlowClient {
public:
  ThreadLifetimeClient(std::vector<StringRef> ThreadTypes, ASTContext &AST)
      : ThreadTypes(std::move(ThreadTypes)), AST(AST) {}

  unsigned numStates() const override { return NumThreadStates; }
  void initialize(const Decl &Function, analysis::FlowState &Entry) override;
  void transfer(const Stmt &S, analysis::TransferContext &Ctx) override;
  void refineOnBranch(const Expr &Condition, bool Value,
                      analysis::FlowState &State) override;

  ThreadObjectKind kindOf(const analysis::TrackedObject &Object) const;
  ThreadObjectKind kindOf(QualType T) const;

  /// Members of the class whose destructor (or method) is analysed start in
  /// these facts; set before running on a member function.
  void seedMembers(analysis::FlowState Seed) { MemberSeed = std::move(Seed); }

private:
  /// The value of a member flag that means "an earlier call joined every
  /// thread member" (CompletionFlags.h), when every method that sets the
  /// flag to it joins every thread member on each path after the write.
  std::optional<bool> completionValue(const FieldDecl &Flag);
  void scanJoinLoops(const FunctionDecl &Function);
  void onDeclStmt(const DeclStmt &DS, analysis::TransferContext &Ctx);
  void onConstruct(const CXXConstructExpr &Construct,
                   analysis::TransferContext &Ctx);
  void onMemberCall(const CXXMemberCallExpr &Call,
                    analysis::TransferContext &Ctx);
  void onAssignment(const Expr &Assignment, const Expr *LHS, const Expr *RHS,
                    analysis::TransferContext &Ctx);
  void onCall(const CallExpr &Call, analysis::TransferContext &Ctx);
  void onMethodOfThisClass(const CXXMemberCallExpr &Call,
                           analysis::TransferContext &Ctx);
  /// The facts a new owner takes from an initializer or right-hand side.
  analysis::ObjectFacts factsOf(const Expr *Source, const Stmt &Origin,
                                analysis::FlowState &State);
  /// The container an element expression (`v[i]`, `v.at(i)`, the variable
  /// of a range-for over v) belongs to.
  std::optional<analysis::TrackedObject> containerOfElement(const Expr *E);
  void escape(const Expr *E, analysis::TransferContext &Ctx);

  std::vector<StringRef> ThreadTypes;
  ASTContext &AST;
  /// The statement that enters a loop joining every element of a
  /// container, and the container.
  llvm::DenseMap<const Stmt *, analysis::TrackedObject> JoinLoops;
  llvm::DenseSet<const FunctionDecl *> Scanned;
  /// `int rc = pthread_create(&t, ...)`: rc tells whether t exists.
  llvm::DenseMap<const VarDecl *, analysis::TrackedObject> CreateResults;
  /// A move construction, and the facts it took from its source.
  llvm::DenseMap<const Expr *, analysis::ObjectFacts> MovedFacts;
  /// Range-for variables and the container they walk.
  llvm::DenseMap<const VarDecl *, analysis::TrackedObject> RangeVariables;
  /// pthread_attr_t variables set to PTHREAD_CREATE_DETACHED.
  llvm::DenseSet<const ValueDecl *> DetachedAttributes;
  std::optional<analysis::FlowState> MemberSeed;
  unsigned MethodDepth = 0;
  /// Verdicts on member flags: the "done" value, or none when the flag
  /// proves nothing. A flag under verification counts as proven (the
  /// early return of a method that sets it is taken only after an earlier
  /// complete call).
  llvm::DenseMap<const FieldDecl *, std::optional<bool>> CompletionFlags;
  /// While verifying a flag: the flag, the value written, and the thread
  /// members that become joinable at its write.
  const FieldDecl *VerifiedFlag = nullptr;
  bool VerifiedValue = false;
  llvm::SmallVector<const FieldDecl *, 2> VerifiedMembers;
};

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_THREADLIFETIMECLIENT_H
