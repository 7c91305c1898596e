//===--- LockStatusFlags.cpp - conc-tidy ----------------------------------===//
//
// Part of conc. Local flags that record whether a lock is held; see the
// header.
//
//===----------------------------------------------------------------------===//

#include "LockStatusFlags.h"

#include "AstHelpers.h"
#include "FixedConditions.h"
#include "LockFlow.h"
#include "LockPointers.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::conc::analysis {
namespace {

/// A local that may serve as a flag.
bool mayBeFlag(const VarDecl &Var) {
  QualType T = Var.getType();
  return !isa<ParmVarDecl>(Var) && Var.hasLocalStorage() &&
         !T->isReferenceType() && !T.isVolatileQualified() &&
         !T->isDependentType() && T->isIntegralOrEnumerationType();
}

/// `x = v`: x's declaration when it is a local variable.
const VarDecl *assignedLocal(const Stmt *S) {
  const auto *Assign = dyn_cast_or_null<BinaryOperator>(S);
  if (!Assign || Assign->getOpcode() != BO_Assign)
    return nullptr;
  const auto *Ref = dyn_cast<DeclRefExpr>(Assign->getLHS()->IgnoreParens());
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

/// Is every write of Var within S a plain assignment standing as a
/// statement? Expressions are asked whole (mayBeWrittenIn), so an
/// assignment inside another expression counts as a write.
bool writtenOnlyByStatements(const Stmt *S, const VarDecl &Var) {
  if (S == nullptr)
    return true;
  if (const auto *E = dyn_cast<Expr>(S)) {
    if (assignedLocal(E) == &Var)
      return !mayBeWrittenIn(cast<BinaryOperator>(E)->getRHS(), &Var);
    return !mayBeWrittenIn(E, &Var);
  }
  // A declaration may bind a reference to it.
  if (isa<DeclStmt>(S))
    return !mayBeWrittenIn(S, &Var);
  // An asm statement's outputs are written behind the analysis's back.
  if (const auto *Asm = dyn_cast<AsmStmt>(S)) {
    for (const Expr *Out : Asm->outputs())
      if (const auto *Ref =
              dyn_cast<DeclRefExpr>(Out->IgnoreParenImpCasts());
          Ref && Ref->getDecl() == &Var)
        return false;
    return true;
  }
  for (const Stmt *Child : S->children())
    if (!writtenOnlyByStatements(Child, Var))
      return false;
  return true;
}

/// Finds the candidates and the lock each follows: `flag = c` (c a
/// non-zero constant) directly after a blocking acquisition of one lock.
class FollowerFinder : public RecursiveASTVisitor<FollowerFinder> {
public:
  FollowerFinder(const Stmt &Body, const LockVocabulary &Vocab,
                 const LockPointers &Pointers, ASTContext &Context)
      : Body(Body), Vocab(Vocab), Pointers(Pointers), Context(Context) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  // Another function: its statements are not this body's.
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }

  bool VisitCompoundStmt(CompoundStmt *Block) {
    const Stmt *Previous = nullptr;
    for (const Stmt *S : Block->body()) {
      if (const VarDecl *Var = assignedLocal(S); Var && mayBeFlag(*Var))
        noteAssignmentAfter(Previous, *Var, *cast<BinaryOperator>(S));
      Previous = S;
    }
    return true;
  }

  /// Each candidate and its lock; Conflicting ones follow several.
  llvm::SmallVector<std::pair<const VarDecl *, TrackedObject>, 2> Followers;
  llvm::SmallPtrSet<const VarDecl *, 2> Conflicting;

private:
  void noteAssignmentAfter(const Stmt *Previous, const VarDecl &Var,
                           const BinaryOperator &Assign) {
    std::optional<int64_t> Value =
        fixedIntegerValue(*Assign.getRHS(), Body, Context);
    // `(void)pthread_mutex_lock(&m);` too.
    const auto *PreviousExpr = dyn_cast_or_null<Expr>(Previous);
    const auto *Call =
        PreviousExpr ? dyn_cast<CallExpr>(PreviousExpr->IgnoreParenCasts())
                     : nullptr;
    if (!Value || *Value == 0 || Call == nullptr)
      return;
    std::optional<LockOperation> Op = classifyLockCall(*Call, Vocab);
    if (!Op || Op->Locks.size() != 1 ||
        (Op->K != LockOperation::Acquire &&
         Op->K != LockOperation::AcquireShared))
      return;
    std::optional<TrackedObject> Lock = Pointers.objectOf(Op->Locks.front());
    if (!Lock)
      return;
    for (const auto &[Known, KnownLock] : Followers)
      if (Known == &Var) {
        if (KnownLock != *Lock)
          Conflicting.insert(&Var);
        return;
      }
    Followers.push_back({&Var, *Lock});
  }

  const Stmt &Body;
  const LockVocabulary &Vocab;
  const LockPointers &Pointers;
  ASTContext &Context;
};

/// The values a local is given: its initialiser and its assignments.
class ValueCollector : public RecursiveASTVisitor<ValueCollector> {
public:
  ValueCollector(const VarDecl &Var, const Stmt &Body, ASTContext &Context)
      : Var(Var), Body(Body), Context(Context) {
    if (const Expr *Init = Var.getInit())
      note(*Init);
  }
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool VisitBinaryOperator(BinaryOperator *Assign) {
    if (assignedLocal(Assign) == &Var)
      note(*Assign->getRHS());
    return true;
  }
  /// The one non-zero value given, if all given values are constants and
  /// at most one of them is not zero.
  std::optional<int64_t> onlyNonZero() const {
    if (AnyUnknown || NonZero.size() != 1)
      return std::nullopt;
    return NonZero.front();
  }

private:
  void note(const Expr &Value) {
    std::optional<int64_t> Constant = fixedIntegerValue(Value, Body, Context);
    if (!Constant)
      AnyUnknown = true;
    else if (*Constant != 0 && !llvm::is_contained(NonZero, *Constant))
      NonZero.push_back(*Constant);
  }
  const VarDecl &Var;
  const Stmt &Body;
  ASTContext &Context;
  bool AnyUnknown = false;
  llvm::SmallVector<int64_t, 2> NonZero;
};

} // namespace

LockStatusFlags::LockStatusFlags(const Stmt &Body, const LockVocabulary &Vocab,
                                 const LockPointers &Pointers,
                                 ASTContext &Context)
    : Body(&Body), Context(&Context) {
  FollowerFinder Finder(Body, Vocab, Pointers, Context);
  Finder.TraverseStmt(const_cast<Stmt *>(&Body));
  for (const auto &[Var, Lock] : Finder.Followers) {
    if (Finder.Conflicting.contains(Var) ||
        !writtenOnlyByStatements(&Body, *Var))
      continue;
    ValueCollector Values(*Var, Body, Context);
    Values.TraverseStmt(const_cast<Stmt *>(&Body));
    Flags.push_back({Var, Lock, Values.onlyNonZero()});
  }
}

const LockStatusFlag *LockStatusFlags::find(const VarDecl *Var) const {
  for (const LockStatusFlag &F : Flags)
    if (F.Flag == Var)
      return &F;
  return nullptr;
}

std::optional<LockStatusFlags::Write>
LockStatusFlags::writeOf(const Stmt &S) const {
  if (Flags.empty())
    return std::nullopt;
  const VarDecl *Var = nullptr;
  const Expr *Value = nullptr;
  if (const auto *Decls = dyn_cast<DeclStmt>(&S)) {
    // The CFG gives each declaration of `int a = 0, b = 1;` its own.
    if (!Decls->isSingleDecl())
      return std::nullopt;
    Var = dyn_cast<VarDecl>(Decls->getSingleDecl());
    Value = Var ? Var->getInit() : nullptr;
  } else if ((Var = assignedLocal(&S))) {
    Value = cast<BinaryOperator>(S).getRHS();
  }
  const LockStatusFlag *Flag = find(Var);
  if (Flag == nullptr)
    return std::nullopt;
  Write W{Flag, std::nullopt};
  if (Value)
    if (std::optional<int64_t> Constant =
            fixedIntegerValue(*Value, *Body, *Context))
      W.NonZero = *Constant != 0;
  return W;
}

std::optional<LockStatusFlags::Reading>
LockStatusFlags::readingOf(const Expr &Condition, bool Value) const {
  if (Flags.empty())
    return std::nullopt;
  const Expr *E = Condition.IgnoreParenImpCasts();
  while (const auto *Not = dyn_cast<UnaryOperator>(E)) {
    if (Not->getOpcode() != UO_LNot)
      break;
    Value = !Value;
    E = Not->getSubExpr()->IgnoreParenImpCasts();
  }
  auto FlagOf = [&](const Expr *Side) -> const LockStatusFlag * {
    const auto *Ref = dyn_cast<DeclRefExpr>(Side->IgnoreParenImpCasts());
    return Ref ? find(dyn_cast<VarDecl>(Ref->getDecl())) : nullptr;
  };
  if (const LockStatusFlag *Flag = FlagOf(E))
    return Reading{Flag, Value};
  const auto *Compare = dyn_cast<BinaryOperator>(E);
  if (!Compare || !Compare->isEqualityOp())
    return std::nullopt;
  const Expr *FlagSide = Compare->getLHS(), *Other = Compare->getRHS();
  const LockStatusFlag *Flag = FlagOf(FlagSide);
  if (Flag == nullptr) {
    std::swap(FlagSide, Other);
    Flag = FlagOf(FlagSide);
  }
  if (Flag == nullptr)
    return std::nullopt;
  std::optional<int64_t> Constant =
      fixedIntegerValue(*Other, *Body, *Context);
  if (!Constant)
    return std::nullopt;
  // Whether the flag equals the constant on this edge.
  bool Equal = (Compare->getOpcode() == BO_EQ) == Value;
  if (*Constant == 0)
    return Reading{Flag, !Equal};
  if (Equal)
    return Reading{Flag, true};
  // Not equal to a non-zero constant: zero only when that constant is the
  // one non-zero value the flag is ever given.
  if (Flag->OnlyNonZero == *Constant)
    return Reading{Flag, false};
  return std::nullopt;
}

} // namespace clang::tidy::conc::analysis
