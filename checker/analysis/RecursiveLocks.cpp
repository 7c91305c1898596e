//===--- RecursiveLocks.cpp - conc-tidy -----------------------------------===//
//
// Part of conc. The locks made recursive by how they are initialised; see
// the header.
//
//===----------------------------------------------------------------------===//

#include "RecursiveLocks.h"
#include "AstHelpers.h"
#include "LockTypes.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include <optional>
#include <vector>

namespace clang::tidy::conc::analysis {
namespace {

const EnumConstantDecl *findEnumerator(ASTContext &AST, llvm::StringRef Name) {
  for (NamedDecl *D :
       AST.getTranslationUnitDecl()->lookup(&AST.Idents.get(Name)))
    if (const auto *Enumerator = dyn_cast<EnumConstantDecl>(D))
      return Enumerator;
  return nullptr;
}

class Collector : public RecursiveASTVisitor<Collector> {
public:
  bool shouldVisitTemplateInstantiations() const { return true; }
  // The library's own declarations say nothing about the project's locks,
  // and are most of a translation unit.
  bool TraverseDecl(Decl *D) {
    if (D && !isa<TranslationUnitDecl>(D) &&
        D->getASTContext().getSourceManager().isInSystemHeader(
            D->getLocation()))
      return true;
    return RecursiveASTVisitor::TraverseDecl(D);
  }
  bool shouldVisitImplicitCode() const { return true; }
  bool VisitCallExpr(CallExpr *Call) {
    if (Call->getDirectCallee())
      Calls.push_back(Call);
    return true;
  }
  bool VisitVarDecl(VarDecl *Var) {
    if (Var->getInit())
      Initialised.push_back(Var);
    return true;
  }
  std::vector<const CallExpr *> Calls;
  std::vector<const VarDecl *> Initialised;
};

/// Whether the initializer names an enumerator of the mutex kinds whose
/// value is the recursive kind (glibc's static initializers spell the kind
/// out: PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP).
bool namesEnumerator(const Stmt *S, const EnumConstantDecl &Recursive) {
  if (S == nullptr)
    return false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
    if (const auto *Enumerator = dyn_cast<EnumConstantDecl>(Ref->getDecl()))
      return Enumerator->getDeclContext() == Recursive.getDeclContext() &&
             Enumerator->getInitVal() == Recursive.getInitVal();
  for (const Stmt *Child : S->children())
    if (namesEnumerator(Child, Recursive))
      return true;
  return false;
}

} // namespace

const ValueDecl *RecursiveLocks::keyOf(const Expr *E) {
  if (E == nullptr)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && (Unary->getOpcode() == UO_AddrOf ||
                Unary->getOpcode() == UO_Deref))
    E = Unary->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    return dyn_cast<FieldDecl>(Member->getMemberDecl());
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return dyn_cast<VarDecl>(Ref->getDecl());
  return nullptr;
}

RecursiveLocks::RecursiveLocks(ASTContext &AST) {
  const EnumConstantDecl *RecursiveKind =
      findEnumerator(AST, "PTHREAD_MUTEX_RECURSIVE");
  const EnumConstantDecl *RecursiveMtx = findEnumerator(AST, "mtx_recursive");
  if (RecursiveKind == nullptr && RecursiveMtx == nullptr)
    return; // Neither header: nothing can be made recursive.
  Collector Found;
  Found.TraverseDecl(AST.getTranslationUnitDecl());

  // A type argument that is not a constant may be the recursive one.
  auto MayBe = [&](const Expr *Type, const EnumConstantDecl *Kind,
                   bool Bit) {
    Expr::EvalResult Value;
    if (Type == nullptr || Kind == nullptr)
      return false;
    if (Type->isValueDependent() || !Type->EvaluateAsInt(Value, AST))
      return true;
    llvm::APSInt Int = Value.Val.getInt();
    llvm::APSInt Want = Kind->getInitVal();
    if (Bit)
      return (Int.getExtValue() & Want.getExtValue()) != 0;
    return Int.getExtValue() == Want.getExtValue();
  };

  llvm::DenseSet<const ValueDecl *> Attributes;
  for (const CallExpr *Call : Found.Calls)
    if (isGlobalCallTo(*Call, "pthread_mutexattr_settype") &&
        Call->getNumArgs() == 2 &&
        MayBe(Call->getArg(1), RecursiveKind, /*Bit=*/false))
      if (const ValueDecl *Attr = keyOf(Call->getArg(0)))
        Attributes.insert(Attr);
  for (const CallExpr *Call : Found.Calls) {
    if (Call->getNumArgs() != 2)
      continue;
    bool Recursive =
        (isGlobalCallTo(*Call, "pthread_mutex_init") &&
         Attributes.contains(keyOf(Call->getArg(1)))) ||
        (isGlobalCallTo(*Call, "mtx_init") &&
         MayBe(Call->getArg(1), RecursiveMtx, /*Bit=*/true));
    if (Recursive)
      if (const ValueDecl *Mutex = keyOf(Call->getArg(0)))
        Keys.insert(Mutex);
  }
  if (RecursiveKind)
    for (const VarDecl *Var : Found.Initialised)
      if (!lockTypeName(Var->getType(), {"pthread_mutex_t"}).empty() &&
          namesEnumerator(Var->getInit(), *RecursiveKind))
        Keys.insert(Var);

  // A helper that initialises its parameter as recursive makes what its
  // callers pass recursive.
  for (unsigned Round = 0; Round < 2; ++Round)
    for (const CallExpr *Call : Found.Calls) {
      const FunctionDecl *Callee = Call->getDirectCallee()->getDefinition();
      if (Callee == nullptr)
        continue;
      for (unsigned I = 0;
           I < Callee->getNumParams() && I < Call->getNumArgs(); ++I)
        if (Keys.contains(Callee->getParamDecl(I)))
          if (const ValueDecl *Arg = keyOf(Call->getArg(I)))
            Keys.insert(Arg);
    }

  // A lock class the user wrote (libzmq's mutex_t) whose every lock member
  // is made recursive (in its constructor, as a rule): its objects are.
  for (const ValueDecl *Key : Keys) {
    const auto *Field = dyn_cast<FieldDecl>(Key);
    const CXXRecordDecl *Class =
        Field ? dyn_cast<CXXRecordDecl>(Field->getParent()) : nullptr;
    if (Class == nullptr || !isUserLockable(Class))
      continue;
    bool EveryLockRecursive = llvm::all_of(Class->fields(), [&](const FieldDecl *F) {
      return lockTypeName(F->getType(), {"pthread_mutex_t", "mtx_t"}).empty() ||
             Keys.contains(F);
    });
    if (EveryLockRecursive)
      Classes.insert(Class->getCanonicalDecl());
  }
}

bool RecursiveLocks::contains(const Expr *Lock) const {
  const ValueDecl *Key = keyOf(Lock);
  if (Key && Keys.contains(Key))
    return true;
  if (Classes.empty() || Lock == nullptr)
    return false;
  // An object of a lock class made recursive (`_slot_sync.lock()`, `&mu`).
  QualType Type = Lock->IgnoreParenImpCasts()->getType();
  if (Type->isPointerType())
    Type = Type->getPointeeType();
  const CXXRecordDecl *Class = Type.getNonReferenceType()->getAsCXXRecordDecl();
  return Class && Classes.contains(Class->getCanonicalDecl());
}

} // namespace clang::tidy::conc::analysis
