//===--- LockPointers.cpp - conc-tidy -------------------------------------===//
//
// Part of conc. What a local pointer to a lock may point to; see the header.
//
//===----------------------------------------------------------------------===//

#include "LockPointers.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::conc::analysis {
namespace {

using analysis::TrackedObject;

bool isLocalPointer(const VarDecl *Var) {
  return Var && Var->hasLocalStorage() && !isa<ParmVarDecl>(Var) &&
         Var->getType()->isPointerType();
}

const VarDecl *localPointerNamedBy(const Expr *E) {
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        isLocalPointer(Var))
      return Var;
  return nullptr;
}

/// A pointer (or `void *`) parameter that \p E names.
const ParmVarDecl *pointerParameterNamedBy(const Expr *E) {
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    if (const auto *Param = dyn_cast<ParmVarDecl>(Ref->getDecl());
        Param && Param->getType()->isPointerType())
      return Param;
  return nullptr;
}

class ValueCollector : public RecursiveASTVisitor<ValueCollector> {
public:
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool VisitVarDecl(VarDecl *Var) {
    if (isLocalPointer(Var)) {
      Values[Var];
      if (Var->getInit())
        Values[Var].push_back(Var->getInit());
    }
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *Op) {
    if (const VarDecl *Var = localPointerNamedBy(Op->getLHS())) {
      if (Op->getOpcode() == BO_Assign)
        Values[Var].push_back(Op->getRHS());
      else if (Op->isAssignmentOp())
        Changed.insert(Var); // p += n
    }
    if (const ParmVarDecl *Param = pointerParameterNamedBy(Op->getLHS());
        Param && Op->isAssignmentOp())
      Changed.insert(Param);
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *Op) {
    if (Op->getOpcode() != UO_AddrOf && !Op->isIncrementDecrementOp())
      return true;
    if (const VarDecl *Var = localPointerNamedBy(Op->getSubExpr()))
      Changed.insert(Var);
    if (const ParmVarDecl *Param = pointerParameterNamedBy(Op->getSubExpr()))
      Changed.insert(Param);
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *Lambda) {
    for (const LambdaCapture &Capture : Lambda->captures())
      if (Capture.capturesVariable() && Capture.getCaptureKind() == LCK_ByRef)
        if (const auto *Var = dyn_cast<VarDecl>(Capture.getCapturedVar()))
          Changed.insert(Var);
    return true;
  }
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<const Expr *, 2>> Values;
  llvm::DenseSet<const VarDecl *> Changed;
};

} // namespace

LockPointers::LockPointers(const FunctionDecl &Function) {
  const Stmt *Body = Function.getBody();
  if (Body == nullptr)
    return;
  ValueCollector Collect;
  Collect.TraverseStmt(const_cast<Stmt *>(Body));

  // What one value may point to; false when it is anything else.
  std::function<bool(const VarDecl *, const Expr *,
                     llvm::SmallVectorImpl<TrackedObject> &, unsigned)>
      Resolve;
  std::function<bool(const VarDecl *, llvm::SmallVectorImpl<TrackedObject> &,
                     unsigned)>
      ResolveVar = [&](const VarDecl *Var,
                       llvm::SmallVectorImpl<TrackedObject> &Out,
                       unsigned Depth) {
        auto It = Collect.Values.find(Var);
        if (Depth > 4 || It == Collect.Values.end() || It->second.empty() ||
            Collect.Changed.contains(Var))
          return false;
        for (const Expr *Value : It->second)
          if (!Resolve(Var, Value, Out, Depth))
            return false;
        return true;
      };
  Resolve = [&](const VarDecl *Var, const Expr *Value,
                llvm::SmallVectorImpl<TrackedObject> &Out, unsigned Depth) {
    Value = Value->IgnoreParenCasts();
    if (const auto *Cond = dyn_cast<ConditionalOperator>(Value))
      return Resolve(Var, Cond->getTrueExpr(), Out, Depth) &&
             Resolve(Var, Cond->getFalseExpr(), Out, Depth);
    if (const auto *Unary = dyn_cast<UnaryOperator>(Value);
        Unary && Unary->getOpcode() == UO_AddrOf) {
      std::optional<TrackedObject> Object =
          TrackedObject::fromExpr(Unary->getSubExpr());
      if (!Object)
        return false;
      if (!llvm::is_contained(Out, *Object))
        Out.push_back(*Object);
      return true;
    }
    // A copy of a pointer parameter the function never changes (`pthread_mutex_t
    // *lock = lock_;` of a `void *lock_`): the caller's object it points to.
    if (const ParmVarDecl *Param = pointerParameterNamedBy(Value);
        Param && !Collect.Changed.contains(Param)) {
      TrackedObject Pointee{Param, nullptr};
      if (!llvm::is_contained(Out, Pointee))
        Out.push_back(Pointee);
      return true;
    }
    if (const VarDecl *Other = localPointerNamedBy(Value);
        Other && Other != Var) {
      llvm::SmallVector<TrackedObject, 2> Inner;
      if (ResolveVar(Other, Inner, Depth + 1)) {
        for (const TrackedObject &Object : Inner)
          if (!llvm::is_contained(Out, Object))
            Out.push_back(Object);
        return true;
      }
      // Another pointer that is a root with one value: the same pointee.
      TrackedObject Root{Other, nullptr};
      if (Collect.Changed.contains(Other) || Collect.Values[Other].size() > 1)
        return false;
      if (!llvm::is_contained(Out, Root))
        Out.push_back(Root);
      return true;
    }
    return false;
  };
  for (const auto &[Var, Values] : Collect.Values) {
    llvm::SmallVector<TrackedObject, 2> Out;
    if (ResolveVar(Var, Out, 0) && !Out.empty())
      Targets[Var] = Out;
  }
}

std::optional<TrackedObject>
LockPointers::through(const TrackedObject &Object, const TrackedObject &Target) {
  if (!Object.Member)
    return Target;
  // `q->mu` where q points to `x` (or to what root p points to): `x.mu`.
  if (!Target.Member && isa_and_nonnull<VarDecl>(Target.Base))
    return TrackedObject{Target.Base, Object.Member};
  return std::nullopt;
}

llvm::ArrayRef<TrackedObject>
LockPointers::targetsOf(const TrackedObject &Object) const {
  const auto *Var = dyn_cast_or_null<VarDecl>(Object.Base);
  auto It = Var ? Targets.find(Var) : Targets.end();
  if (It == Targets.end())
    return {};
  return It->second;
}

std::optional<TrackedObject> LockPointers::objectOf(const Expr *Lock) const {
  std::optional<TrackedObject> Object = TrackedObject::fromExpr(Lock);
  if (!Object)
    return Object;
  llvm::ArrayRef<TrackedObject> To = targetsOf(*Object);
  if (To.size() != 1)
    return Object;
  if (std::optional<TrackedObject> Mapped = through(*Object, To.front()))
    return Mapped;
  return Object;
}

llvm::SmallVector<TrackedObject, 2>
LockPointers::mayBe(const Expr *Lock) const {
  llvm::SmallVector<TrackedObject, 2> Result;
  std::optional<TrackedObject> Object = TrackedObject::fromExpr(Lock);
  if (!Object)
    return Result;
  llvm::ArrayRef<TrackedObject> To = targetsOf(*Object);
  for (const TrackedObject &Target : To)
    if (std::optional<TrackedObject> Mapped = through(*Object, Target))
      Result.push_back(*Mapped);
  if (Result.size() != To.size() || Result.empty())
    return {*objectOf(Lock)};
  return Result;
}

} // namespace clang::tidy::conc::analysis
