//===--- CvWaitPredicateCheck.cpp - conc-tidy -----------------------------===//
//
// Part of conc. Go's rule: a woken waiter re-checks its condition.
//
//===----------------------------------------------------------------------===//

#include "CvWaitPredicateCheck.h"
#include "analysis/UnitParents.h"
#include "analysis/AstHelpers.h"
#include "analysis/ErrorRecovery.h"
#include "analysis/LockFlow.h"
#include "analysis/ThreadBodies.h"

#include "clang-tidy/utils/OptionsUtils.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::conc {
namespace {

constexpr char DefaultConditionVariableTypes[] =
    "::std::condition_variable;::std::condition_variable_any";
constexpr char DefaultWaitFunctions[] =
    "::pthread_cond_wait;::pthread_cond_timedwait;::cnd_wait;::cnd_timedwait";

/// Where the wait stands with respect to the loops around it.
struct WaitContext {
  enum Kind {
    NoLoop,          ///< Straight-line code: the wait returns once.
    RecheckingLoop,  ///< A loop whose exit depends on a condition.
    RangeLoop,       ///< A range-for: it iterates a container, not a condition.
    EndlessLoop,     ///< for(;;)/while(true) with no conditional exit.
  } Kind = NoLoop;
  const Stmt *Loop = nullptr;
  const IfStmt *GuardingIf = nullptr; ///< The `if` that tested the condition.
  const Stmt *GuardedBranch = nullptr; ///< Its branch that holds the wait.
};

const FunctionDecl *enclosingFunction(const Expr *Call, ASTContext &Ctx);

/// Does \p E compute only from values \p Function holds itself: constants,
/// string literals, the values of its own non-static locals and parameters
/// (a pointer's value, never what it points to), the thread's `errno`, and
/// calls of plain functions on such values (`strerror(rc)`,
/// `report("...", rc)`)? Such an
/// expression cannot read an awaited condition: that is shared state,
/// which another thread changes, reached through a pointer, a member, a
/// global or a call that reaches it. With \p ParametersOnly, locals do not
/// count (one may be a copy of the shared state taken earlier): only what
/// the caller handed in by value.
bool readsOnlyOwnValues(const Expr *E, const FunctionDecl &Function,
                        bool ParametersOnly = false) {
  if (E == nullptr)
    return true;
  if (E->isValueDependent() || E->isTypeDependent())
    return false;
  auto Own = [&](const Expr *Sub) {
    return readsOnlyOwnValues(Sub, Function, ParametersOnly);
  };
  auto AllChildrenOwn = [&](const Stmt *S) {
    for (const Stmt *Child : S->children())
      if (const auto *ChildExpr = dyn_cast_or_null<Expr>(Child))
        if (!Own(ChildExpr))
          return false;
    return true;
  };
  E = E->IgnoreParens();
  // The thread's own error number, read or written (`errno = EAGAIN`).
  if (!ParametersOnly && analysis::isErrno(E, Function.getASTContext()))
    return true;
  if (isa<IntegerLiteral, CharacterLiteral, FloatingLiteral, StringLiteral,
          CXXBoolLiteralExpr, CXXNullPtrLiteralExpr, GNUNullExpr,
          UnaryExprOrTypeTraitExpr, PredefinedExpr>(E))
    return true;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const ValueDecl *D = Ref->getDecl();
    if (isa<EnumConstantDecl, FunctionDecl>(D))
      return true;
    const auto *Var = dyn_cast<VarDecl>(D);
    if (Var == nullptr || Var->getType()->isReferenceType() ||
        Var->getDeclContext() != &Function)
      return false;
    if (ParametersOnly)
      return isa<ParmVarDecl>(Var);
    return Var->isLocalVarDeclOrParm() && !Var->isStaticLocal();
  }
  if (const auto *Unary = dyn_cast<UnaryOperator>(E)) {
    if (Unary->getOpcode() == UO_Deref)
      return false;
    if (Unary->getOpcode() == UO_AddrOf || Unary->isIncrementDecrementOp())
      return !ParametersOnly && isa<DeclRefExpr>(
                                    Unary->getSubExpr()->IgnoreParenImpCasts()) &&
             Own(Unary->getSubExpr());
    return Own(Unary->getSubExpr());
  }
  if (const auto *Binary = dyn_cast<BinaryOperator>(E)) {
    const Expr *Target = Binary->getLHS()->IgnoreParens();
    if (Binary->isAssignmentOp() &&
        (ParametersOnly ||
         !(isa<DeclRefExpr>(Target) ||
           analysis::isErrno(Target, Function.getASTContext()))))
      return false;
    return Own(Binary->getLHS()) && Own(Binary->getRHS());
  }
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    return !Member->isArrow() && Own(Member->getBase());
  if (isa<CastExpr, ConditionalOperator, ConstantExpr>(E))
    return AllChildrenOwn(E);
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    // A plain function called by name; one without arguments can only act
    // on shared state, unless it never returns (abort()).
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (ParametersOnly || Callee == nullptr || isa<CXXMemberCallExpr>(Call) ||
        isa<CXXOperatorCallExpr>(Call) || isa<CXXMethodDecl>(Callee))
      return false;
    if (Call->getNumArgs() == 0 && !Callee->isNoReturn())
      return false;
    for (const Expr *Arg : Call->arguments())
      if (!Own(Arg))
        return false;
    return true;
  }
  return false;
}

bool isConstantTrue(const Expr *Cond, const ASTContext &Ctx) {
  if (Cond == nullptr)
    return true; // for (;;)
  if (Cond->isValueDependent() || Cond->isTypeDependent())
    return false;
  bool Value = false;
  return Cond->EvaluateAsBooleanCondition(Value, Ctx) && Value;
}

/// Finds an exit from `Loop` (a break that leaves it, a return, a throw or a
/// goto) that sits under an `if` inside the loop body: the loop ends only when
/// some condition holds, so a spurious wake-up just goes round again.
class ConditionalExitFinder : public RecursiveASTVisitor<ConditionalExitFinder> {
public:
  static bool hasConditionalExit(const Stmt *Body) {
    ConditionalExitFinder Finder;
    Finder.TraverseStmt(const_cast<Stmt *>(Body));
    return Finder.Found;
  }

  bool TraverseIfStmt(IfStmt *If) {
    ++IfDepth;
    bool Result = RecursiveASTVisitor::TraverseIfStmt(If);
    --IfDepth;
    return Result;
  }
  // A break inside a nested loop or switch leaves that, not our loop.
  bool TraverseWhileStmt(WhileStmt *S) {
    BreakScope Scope(*this);
    return RecursiveASTVisitor::TraverseWhileStmt(S);
  }
  bool TraverseDoStmt(DoStmt *S) {
    BreakScope Scope(*this);
    return RecursiveASTVisitor::TraverseDoStmt(S);
  }
  bool TraverseForStmt(ForStmt *S) {
    BreakScope Scope(*this);
    return RecursiveASTVisitor::TraverseForStmt(S);
  }
  bool TraverseCXXForRangeStmt(CXXForRangeStmt *S) {
    BreakScope Scope(*this);
    return RecursiveASTVisitor::TraverseCXXForRangeStmt(S);
  }
  bool TraverseSwitchStmt(SwitchStmt *S) {
    BreakScope Scope(*this);
    return RecursiveASTVisitor::TraverseSwitchStmt(S);
  }
  // Code in a lambda does not leave the loop.
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }

  bool VisitBreakStmt(BreakStmt *) {
    if (BreakScopeDepth == 0)
      noteExit();
    return true;
  }
  bool VisitReturnStmt(ReturnStmt *) { return noteExit(); }
  bool VisitCXXThrowExpr(CXXThrowExpr *) { return noteExit(); }
  bool VisitGotoStmt(GotoStmt *) { return noteExit(); }

private:
  struct BreakScope {
    explicit BreakScope(ConditionalExitFinder &F) : F(F) { ++F.BreakScopeDepth; }
    ~BreakScope() { --F.BreakScopeDepth; }
    ConditionalExitFinder &F;
  };

  bool noteExit() {
    if (IfDepth > 0)
      Found = true;
    return true;
  }

  unsigned IfDepth = 0;
  unsigned BreakScopeDepth = 0;
  bool Found = false;
};

/// `while (1) { while (!empty) { ...work... } wait; }`: does the body of an
/// endless loop run, on every round, a loop of its own whose condition
/// reads shared state (a drain loop)? After any wake-up, that condition is
/// tested again before the work is done, as in `while (!ready) wait;`. A
/// loop on the function's own values only (`for (i = 0; i < n; ++i)`)
/// tests no awaited state, and one under an `if` or a `switch` does not
/// run on every round.
bool runsStateTestingLoop(const Stmt *Body, const FunctionDecl &Function,
                          const ASTContext &Ctx) {
  if (Body == nullptr)
    return false;
  if (const auto *Label = dyn_cast<LabelStmt>(Body))
    return runsStateTestingLoop(Label->getSubStmt(), Function, Ctx);
  if (const auto *Attributed = dyn_cast<AttributedStmt>(Body))
    return runsStateTestingLoop(Attributed->getSubStmt(), Function, Ctx);
  if (const auto *Block = dyn_cast<CompoundStmt>(Body)) {
    for (const Stmt *Child : Block->body())
      if (runsStateTestingLoop(Child, Function, Ctx))
        return true;
    return false;
  }
  // Not a `do`/`while`: its body runs once before the test, so a woken
  // waiter does the work first.
  const Expr *Cond = nullptr;
  if (const auto *While = dyn_cast<WhileStmt>(Body))
    Cond = While->getCond();
  else if (const auto *For = dyn_cast<ForStmt>(Body))
    Cond = For->getCond();
  else
    return false;
  return !isConstantTrue(Cond, Ctx) && !readsOnlyOwnValues(Cond, Function);
}

/// Classifies a loop that has the wait in its body or condition (in
/// \p Function, when known).
WaitContext classifyLoop(const Stmt *Loop, const FunctionDecl *Function,
                         const ASTContext &Ctx) {
  WaitContext Result;
  Result.Loop = Loop;
  const Expr *Cond = nullptr;
  const Stmt *Body = nullptr;
  if (const auto *While = dyn_cast<WhileStmt>(Loop)) {
    Cond = While->getCond();
    Body = While->getBody();
  } else if (const auto *Do = dyn_cast<DoStmt>(Loop)) {
    Cond = Do->getCond();
    Body = Do->getBody();
  } else if (const auto *For = dyn_cast<ForStmt>(Loop)) {
    Cond = For->getCond();
    Body = For->getBody();
  } else {
    Result.Kind = WaitContext::RangeLoop;
    return Result;
  }
  if (!isConstantTrue(Cond, Ctx) ||
      ConditionalExitFinder::hasConditionalExit(Body) ||
      (Function && runsStateTestingLoop(Body, *Function, Ctx)))
    Result.Kind = WaitContext::RecheckingLoop;
  else
    Result.Kind = WaitContext::EndlessLoop;
  return Result;
}

/// Walks up from the wait to the nearest enclosing loop of the same function
/// (a lambda or function boundary stops the walk), remembering the innermost
/// `if` whose condition guarded the wait on the way.
WaitContext findWaitContext(const Expr *Call, ASTContext &Ctx) {
  WaitContext Result;
  DynTypedNode Node = DynTypedNode::create(*Call);
  while (true) {
    DynTypedNodeList Parents = analysis::parentsOf(Node, Ctx);
    if (Parents.empty())
      return Result;
    const DynTypedNode &Parent = Parents[0];
    if (Parent.get<FunctionDecl>() || Parent.get<LambdaExpr>() ||
        Parent.get<BlockExpr>() || Parent.get<CapturedStmt>())
      return Result;
    if (const auto *S = Parent.get<Stmt>()) {
      if (isa<WhileStmt, DoStmt, ForStmt, CXXForRangeStmt>(S)) {
        WaitContext Loop = classifyLoop(S, enclosingFunction(Call, Ctx), Ctx);
        Loop.GuardingIf = Result.GuardingIf;
        Loop.GuardedBranch = Result.GuardedBranch;
        return Loop;
      }
      if (const auto *If = dyn_cast<IfStmt>(S)) {
        // Only an `if` whose branch holds the wait guards it.
        const Stmt *Child = Node.get<Stmt>();
        // An `if` on what the caller handed in by value (`if (timeout)`)
        // picks a kind of wait; it cannot test the awaited, shared condition.
        const auto *Function = enclosingFunction(If->getCond(), Ctx);
        bool TestsCallerValues =
            Function != nullptr && If->getInit() == nullptr &&
            If->getConditionVariable() == nullptr &&
            readsOnlyOwnValues(If->getCond(), *Function,
                               /*ParametersOnly=*/true);
        if (!Result.GuardingIf && Child && Child != If->getCond() &&
            !TestsCallerValues) {
          Result.GuardingIf = If;
          Result.GuardedBranch = Child;
        }
      }
    }
    Node = Parent;
  }
}

/// `if (empty) { wait; continue; }` in a loop: the `continue` takes the
/// woken waiter back to the top of the loop, where the `if` tests the
/// condition again (redis's bio workers).
bool continuesAfterWait(const WaitContext &Context) {
  const Stmt *Last = Context.GuardedBranch;
  if (const auto *Block = dyn_cast_or_null<CompoundStmt>(Last))
    Last = Block->body_empty() ? nullptr : Block->body_back();
  return Last != nullptr && isa<ContinueStmt>(Last);
}

/// The name of the waited-on object, for the message: `cv_` in
/// `cv_.wait(lk)` and in `pthread_cond_wait(&cv_, &mu)`.
std::string waitedObjectName(const Expr *Object) {
  if (Object == nullptr)
    return {};
  Object = Object->IgnoreParenImpCasts();
  if (const auto *AddrOf = dyn_cast<UnaryOperator>(Object))
    if (AddrOf->getOpcode() == UO_AddrOf)
      Object = AddrOf->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Object))
    return Ref->getDecl()->getNameAsString();
  if (const auto *Member = dyn_cast<MemberExpr>(Object))
    return Member->getMemberDecl()->getNameAsString();
  return {};
}

/// The function or lambda whose body holds \p Call, as the declaration of
/// what runs it (a lambda's call operator).
const FunctionDecl *enclosingFunction(const Expr *Call, ASTContext &Ctx) {
  DynTypedNode Node = DynTypedNode::create(*Call);
  for (unsigned Depth = 0; Depth < 256; ++Depth) {
    DynTypedNodeList Parents = analysis::parentsOf(Node, Ctx);
    if (Parents.empty())
      return nullptr;
    Node = Parents[0];
    if (const auto *Lambda = Node.get<LambdaExpr>())
      return Lambda->getCallOperator();
    if (const auto *Function = Node.get<FunctionDecl>())
      return Function;
  }
  return nullptr;
}

/// The mutex argument of a C wait, `&m` in `pthread_cond_wait(&cv, &m)`,
/// named as a diagnostic would name it (`m`, `s.m`, `mu_`).
std::string mutexName(const Expr *E) {
  E = analysis::ignoreWrappersAndMoves(E);
  if (const auto *AddrOf = dyn_cast_or_null<UnaryOperator>(E))
    if (AddrOf->getOpcode() == UO_AddrOf)
      E = AddrOf->getSubExpr();
  return analysis::spelledObjectName(E);
}

/// Does \p Function take the mutex \p Mutex itself (`pthread_mutex_lock(&m)`,
/// `mtx_lock(&m)`, anything the lock model counts as an acquisition)
/// anywhere in its body? Then no caller can have tested the condition under
/// it before the call.
class OwnCLockFinder : public RecursiveASTVisitor<OwnCLockFinder> {
public:
  static bool locks(const FunctionDecl &Function, llvm::StringRef Mutex) {
    OwnCLockFinder Finder(Mutex);
    Finder.TraverseStmt(Function.getBody());
    return Finder.Found;
  }
  bool VisitCallExpr(CallExpr *Call) {
    static const analysis::LockVocabulary Builtin;
    if (auto Op = analysis::classifyLockCall(*Call, Builtin))
      if (Op->K == analysis::LockOperation::Acquire)
        for (const Expr *Lock : Op->Locks)
          Found = Found || mutexName(Lock) == Mutex;
    return !Found;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }

private:
  explicit OwnCLockFinder(llvm::StringRef Mutex) : Mutex(Mutex) {}
  llvm::StringRef Mutex;
  bool Found = false;
};

/// `cv.wait(*mu)`, `cv.wait_for(*mu, d)`: the pointer parameter of
/// \p Function whose pointee the wait's lock argument is, or null.
const ParmVarDecl *pointeeParameter(const Expr *LockArg,
                                    const FunctionDecl &Function) {
  const auto *Deref = dyn_cast<UnaryOperator>(analysis::ignoreWrappers(LockArg));
  if (Deref == nullptr || Deref->getOpcode() != UO_Deref)
    return nullptr;
  const auto *Ref = dyn_cast<DeclRefExpr>(Deref->getSubExpr()->IgnoreParenImpCasts());
  const auto *Param = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
  return Param && Param->getDeclContext() == &Function ? Param : nullptr;
}

/// Does \p Function lock what the pointer parameter \p Param points to
/// itself: `p->lock()` or `p->try_lock...()` (the Lockable interface a
/// condition_variable_any waits with), or a guard built on `*p` without
/// `std::adopt_lock`?
class OwnLockableFinder : public RecursiveASTVisitor<OwnLockableFinder> {
public:
  static bool locks(const FunctionDecl &Function, const ParmVarDecl &Param) {
    OwnLockableFinder Finder(Param);
    Finder.TraverseStmt(Function.getBody());
    return Finder.Found;
  }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (Method && Method->getIdentifier() &&
        (Method->getName() == "lock" || Method->getName().starts_with("try_lock")) &&
        isParam(Call->getImplicitObjectArgument()))
      Found = true;
    return !Found;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    bool OnParam = false;
    for (const Expr *Arg : Construct->arguments()) {
      const auto *Tag = Arg->getType()->getAsCXXRecordDecl();
      if (Tag && analysis::hasQualifiedNameIn(Tag, {"::std::adopt_lock_t"}))
        return true;
      OnParam = OnParam || isParam(Arg);
    }
    Found = Found || OnParam;
    return !Found;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }

private:
  explicit OwnLockableFinder(const ParmVarDecl &Param) : Param(Param) {}
  /// `p` or `*p`.
  bool isParam(const Expr *E) const {
    E = analysis::ignoreWrappers(E);
    if (const auto *Deref = dyn_cast_or_null<UnaryOperator>(E);
        Deref && Deref->getOpcode() == UO_Deref)
      E = Deref->getSubExpr()->IgnoreParenImpCasts();
    const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E);
    return Ref && Ref->getDecl() == &Param;
  }
  const ParmVarDecl &Param;
  bool Found = false;
};

/// Did the caller hold the wait's lock when it called \p Function? True
/// for a lock the function receives (a `std::unique_lock&` parameter), for
/// one it adopts (`std::unique_lock lk(*mu, std::adopt_lock)`), for a
/// lockable it is handed by pointer and never locks itself (`cv.wait(*mu)`
/// on a condition_variable_any), and for a C mutex the function never
/// locks itself; false when the function locked it (a
/// `std::unique_lock lk(mu)` of its own, `pthread_mutex_lock(&m)`).
bool lockHeldOnEntry(const CallExpr *Wait, bool IsMemberWait,
                     const FunctionDecl &Function) {
  if (!IsMemberWait) {
    if (Wait->getNumArgs() < 2)
      return false;
    std::string Mutex = mutexName(Wait->getArg(1));
    return !Mutex.empty() && !OwnCLockFinder::locks(Function, Mutex);
  }
  if (Wait->getNumArgs() < 1)
    return false;
  if (const ParmVarDecl *Pointer = pointeeParameter(Wait->getArg(0), Function))
    return !OwnLockableFinder::locks(Function, *Pointer);
  const auto *Lock = dyn_cast_or_null<VarDecl>(analysis::namedEntity(Wait->getArg(0)));
  if (Lock == nullptr)
    return false;
  if (isa<ParmVarDecl>(Lock))
    return Lock->getDeclContext() == &Function;
  if (!Lock->isLocalVarDecl() || Lock->getDeclContext() != &Function)
    return false;
  const auto *Construct =
      dyn_cast_or_null<CXXConstructExpr>(analysis::ignoreWrappers(Lock->getInit()));
  if (Construct == nullptr)
    return false;
  for (const Expr *Arg : Construct->arguments()) {
    const auto *Tag = Arg->getType()->getAsCXXRecordDecl();
    if (Tag && analysis::hasQualifiedNameIn(Tag, {"::std::adopt_lock_t"}))
      return true;
  }
  return false;
}

/// Is \p S, run after the wait, mere bookkeeping that does not act on the
/// awaited condition: an empty statement, a `break`, returning or testing
/// the wait's status (`if (rc == ETIMEDOUT) return 1; return rc ? -1 : 0;`,
/// `switch (rc)`), reporting it (`panic("wait: %s", strerror(rc))`,
/// `errno = EAGAIN`, the thread's own error number), all of which compute
/// only from the function's own values, or a call on the wait's own lock
/// object (`lock.release()` to hand the mutex back to its owner)?
bool isBookkeepingAfterWait(const Stmt *S, const ValueDecl *Lock,
                            const FunctionDecl &Function) {
  if (S == nullptr || isa<NullStmt, BreakStmt>(S))
    return true;
  auto Bookkeeping = [&](const Stmt *Sub) {
    return isBookkeepingAfterWait(Sub, Lock, Function);
  };
  if (const auto *Block = dyn_cast<CompoundStmt>(S))
    return llvm::all_of(Block->body(), Bookkeeping);
  if (const auto *Return = dyn_cast<ReturnStmt>(S))
    return readsOnlyOwnValues(Return->getRetValue(), Function);
  if (const auto *If = dyn_cast<IfStmt>(S))
    return If->getInit() == nullptr && If->getConditionVariable() == nullptr &&
           readsOnlyOwnValues(If->getCond(), Function) &&
           Bookkeeping(If->getThen()) && Bookkeeping(If->getElse());
  if (const auto *Switch = dyn_cast<SwitchStmt>(S))
    return Switch->getInit() == nullptr &&
           Switch->getConditionVariable() == nullptr &&
           readsOnlyOwnValues(Switch->getCond(), Function) &&
           Bookkeeping(Switch->getBody());
  if (const auto *Case = dyn_cast<SwitchCase>(S))
    return Bookkeeping(Case->getSubStmt());
  if (const auto *Decls = dyn_cast<DeclStmt>(S))
    return llvm::all_of(Decls->decls(), [&](const Decl *D) {
      const auto *Var = dyn_cast<VarDecl>(D);
      return Var && Var->isLocalVarDecl() && !Var->isStaticLocal() &&
             readsOnlyOwnValues(Var->getInit(), Function);
    });
  if (const auto *E = dyn_cast<Expr>(S)) {
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(analysis::ignoreWrappers(E)))
      return Lock && analysis::namedEntity(Call->getImplicitObjectArgument()) == Lock;
    return readsOnlyOwnValues(E, Function);
  }
  return false;
}

/// Is the wait the forwarding body of a wrapper (leveldb's
/// `port::CondVar::Wait()`, a `pthread_cond_wait` helper)? Decided from what
/// the function does, not from its name: it waits under a lock its caller
/// already held (so the caller tested the condition under that lock and
/// owns the loop), tests nothing itself, and after the wake-up it does
/// nothing that relies on the condition, only returns or hands the lock
/// back. A function that takes the lock itself, or that goes on to use what
/// it waited for, owns the bug.
bool isForwardingWrapper(const CallExpr *Wait, bool IsMemberWait,
                         ASTContext &Ctx) {
  const FunctionDecl *Function = enclosingFunction(Wait, Ctx);
  if (Function == nullptr || !Function->hasBody() ||
      !lockHeldOnEntry(Wait, IsMemberWait, *Function))
    return false;
  const ValueDecl *Lock =
      IsMemberWait && Wait->getNumArgs() > 0 ? analysis::namedEntity(Wait->getArg(0))
                                             : nullptr;
  // Every statement that follows the wait, in each block from the wait's
  // statement up to the body, must be bookkeeping.
  DynTypedNode Node = DynTypedNode::create(*Wait);
  const Stmt *Body = Function->getBody();
  for (unsigned Depth = 0; Depth < 256; ++Depth) {
    DynTypedNodeList Parents = analysis::parentsOf(Node, Ctx);
    if (Parents.empty())
      return false;
    const Stmt *Child = Node.get<Stmt>();
    // `return cnd_wait(c, m);`: the wait's status is returned and nothing
    // after the wait runs.
    if (const auto *Return = dyn_cast_or_null<ReturnStmt>(Child);
        Return && Return->getRetValue() &&
        analysis::ignoreWrappers(Return->getRetValue()) == Wait)
      return true;
    if (const auto *Block = Parents[0].get<CompoundStmt>()) {
      bool After = false;
      for (const Stmt *S : Block->body()) {
        if (After && !isBookkeepingAfterWait(S, Lock, *Function))
          return false;
        After = After || S == Child;
      }
      // A block that returns after the wait never reaches what follows it.
      if (Block == Body || (!Block->body_empty() && Block->body_back() != Child &&
                            isa<ReturnStmt>(Block->body_back())))
        return true;
    }
    // A wait in the condition of an `if` or a `switch` (`switch (rc =
    // pthread_cond_timedwait(...))`): the branches run after it.
    if (const auto *If = Parents[0].get<IfStmt>();
        If && Child == If->getCond() &&
        !(isBookkeepingAfterWait(If->getThen(), Lock, *Function) &&
          isBookkeepingAfterWait(If->getElse(), Lock, *Function)))
      return false;
    if (const auto *Switch = Parents[0].get<SwitchStmt>();
        Switch && Child == Switch->getCond() &&
        !isBookkeepingAfterWait(Switch->getBody(), Lock, *Function))
      return false;
    if (Parents[0].get<LambdaExpr>() || Parents[0].get<FunctionDecl>())
      return false;
    Node = Parents[0];
  }
  return false;
}

/// std::condition_variable's waits without a predicate take the lock, plus a
/// duration or time point for the timed ones; every overload with a
/// predicate (or a stop_token, which always comes with one) takes more.
bool takesPredicate(const CXXMethodDecl *Method) {
  unsigned WithoutPredicate = Method->getName() == "wait" ? 1 : 2;
  return Method->getNumParams() > WithoutPredicate;
}

} // namespace

CvWaitPredicateCheck::CvWaitPredicateCheck(StringRef Name,
                                           ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ConditionVariableTypes(utils::options::parseStringList(
          Options.get("ConditionVariableTypes", DefaultConditionVariableTypes))),
      WaitFunctions(utils::options::parseStringList(
          Options.get("WaitFunctions", DefaultWaitFunctions))) {}

void CvWaitPredicateCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ConditionVariableTypes",
                utils::options::serializeStringList(ConditionVariableTypes));
  Options.store(Opts, "WaitFunctions",
                utils::options::serializeStringList(WaitFunctions));
}

void CvWaitPredicateCheck::registerMatchers(MatchFinder *Finder) {
  // Member waits of condition-variable classes...
  Finder->addMatcher(
      cxxMemberCallExpr(
          callee(cxxMethodDecl(
                     hasAnyName("wait", "wait_for", "wait_until"),
                     ofClass(cxxRecordDecl(hasAnyName(ConditionVariableTypes))))
                     .bind("method")),
          on(expr().bind("object")), unless(isExpansionInSystemHeader()))
          .bind("wait"),
      this);
  // ...and the C waits, which never take a predicate.
  Finder->addMatcher(
      callExpr(callee(functionDecl(hasAnyName(WaitFunctions)).bind("function")),
               unless(isExpansionInSystemHeader()))
          .bind("wait"),
      this);
}

void CvWaitPredicateCheck::check(const MatchFinder::MatchResult &Result) {
  if (analysis::matchHasErrors(Result))
    return; // clang could not build this code: nothing to analyse
  const auto *Wait = Result.Nodes.getNodeAs<CallExpr>("wait");
  const Expr *Object = Result.Nodes.getNodeAs<Expr>("object");
  StringRef WaitName;
  if (const auto *Method = Result.Nodes.getNodeAs<CXXMethodDecl>("method")) {
    if (takesPredicate(Method))
      return;
    WaitName = Method->getName();
  } else {
    const auto *Function = Result.Nodes.getNodeAs<FunctionDecl>("function");
    WaitName = Function->getName();
    if (Wait->getNumArgs() > 0)
      Object = Wait->getArg(0);
  }

  WaitContext Context = findWaitContext(Wait, *Result.Context);
  if (Context.Kind == WaitContext::RecheckingLoop ||
      (Context.Kind == WaitContext::EndlessLoop && continuesAfterWait(Context)))
    return;
  bool IsMemberWait = Result.Nodes.getNodeAs<CXXMethodDecl>("method") != nullptr;
  bool IsForwardingWrapper =
      Context.Kind == WaitContext::NoLoop && !Context.GuardingIf &&
      isForwardingWrapper(Wait, IsMemberWait, *Result.Context);
  if (IsForwardingWrapper)
    return;

  SourceLocation Loc = Wait->getExprLoc();
  if (!Reported.insert(Loc).second)
    return;

  std::string Name = waitedObjectName(Object);
  std::string Target = Name.empty() ? "a condition variable" : "'" + Name + "'";
  diag(Loc, "'%0' on %1 without a predicate goes on after a spurious "
            "wake-up as if the condition held; pass a predicate or wait in a "
            "loop that re-checks the condition")
      << WaitName << Target;

  switch (Context.Kind) {
  case WaitContext::RangeLoop:
    diag(Context.Loop->getBeginLoc(),
         "this range-based loop does not re-check the awaited condition",
         DiagnosticIDs::Note);
    break;
  case WaitContext::EndlessLoop:
    diag(Context.Loop->getBeginLoc(),
         "this loop has no exit that depends on the awaited condition",
         DiagnosticIDs::Note);
    break;
  default:
    if (Context.GuardingIf)
      diag(Context.GuardingIf->getBeginLoc(),
           "the condition is tested once here, not again after the wake-up",
           DiagnosticIDs::Note);
    break;
  }
}

} // namespace clang::tidy::conc
