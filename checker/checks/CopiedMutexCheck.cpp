//===--- CopiedMutexCheck.cpp - conc-tidy ---------------------------------===//
//
// Part of conc. Go's rule (go vet copylocks): a lock is never copied.
//
//===----------------------------------------------------------------------===//

#include "CopiedMutexCheck.h"
#include "analysis/UnitParents.h"
#include "analysis/AstHelpers.h"
#include "analysis/ErrorRecovery.h"
#include "analysis/LockSummaries.h"
#include "analysis/LockTypes.h"

#include "clang-tidy/utils/OptionsUtils.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang::ast_matchers;

namespace clang::tidy::conc {
namespace {

/// forFunction(isImplicit()), with the parents of analysis/UnitParents.h:
/// clang's forFunction builds the parent map of the whole unit, headers
/// included, for the first node it is asked about.
AST_MATCHER(Stmt, isInImplicitFunction) {
  ASTContext &Context = Finder->getASTContext();
  DynTypedNodeList First = analysis::parentsOf(Node, Context);
  llvm::SmallVector<DynTypedNode, 8> Stack(First.begin(), First.end());
  while (!Stack.empty()) {
    DynTypedNode Current = Stack.pop_back_val();
    if (const auto *Function = Current.get<FunctionDecl>()) {
      if (Function->isImplicit())
        return true;
    } else if (const auto *Lambda = Current.get<LambdaExpr>()) {
      if (Lambda->getCallOperator()->isImplicit())
        return true;
    } else {
      llvm::append_range(Stack, analysis::parentsOf(Current, Context));
    }
  }
  return false;
}

bool hasUserProvidedCopyConstructor(const CXXRecordDecl *Record) {
  return llvm::any_of(Record->ctors(), [](const CXXConstructorDecl *Ctor) {
    return Ctor->isCopyConstructor() && Ctor->isUserProvided();
  });
}

std::string nameOf(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Call = dyn_cast<CallExpr>(E)) // std::move(x)
    if (Call->getNumArgs() == 1 && Call->getDirectCallee() &&
        Call->getDirectCallee()->getName() == "move")
      E = Call->getArg(0)->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return Ref->getDecl()->getNameAsString();
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    return Member->getMemberDecl()->getNameAsString();
  return {};
}

bool isSystem(const Decl *D) {
  return D->getASTContext().getSourceManager().isInSystemHeader(
      D->getLocation());
}

/// Where a copy happens, in words, and where to point.
struct CopySite {
  std::string Subject;
  SourceLocation Loc;
  /// No report here: an argument for a by-value parameter whose declaration
  /// is reported, or a return that constructs in place (NRVO).
  bool Silent = false;
  /// What receives the copy, for an assignment (its left side) or an
  /// initialization (the variable), and the statement that copies.
  const Expr *Destination = nullptr;
  const VarDecl *DestinationVar = nullptr;
  const Stmt *Statement = nullptr;
};

CopySite describeCopy(const Expr *Copy, const Expr *Source, ASTContext &Ctx) {
  CopySite Site{"this copy", Copy->getExprLoc()};
  std::string Name = Source ? nameOf(Source) : std::string();
  DynTypedNode Node = DynTypedNode::create(*Copy);
  while (true) {
    DynTypedNodeList Parents = analysis::parentsOf(Node, Ctx);
    if (Parents.empty())
      return Site;
    const DynTypedNode &Parent = Parents[0];
    if (const auto *Cast = Parent.get<ImplicitCastExpr>();
        Cast && Cast->getCastKind() == CK_NoOp) {
      Node = Parent;
      continue;
    }
    if (Parent.get<ExprWithCleanups>() || Parent.get<ParenExpr>() ||
        Parent.get<CXXBindTemporaryExpr>() || Parent.get<ConstantExpr>()) {
      Node = Parent;
      continue;
    }
    const Stmt *Child = Node.get<Stmt>();
    if (const auto *Var = Parent.get<VarDecl>()) {
      if (Var->isInitCapture()) {
        Site.Subject = "capture of '" + Var->getNameAsString() + "' by value";
        Site.Loc = Var->getLocation();
        return Site;
      }
      Site.Subject = "initialization of '" + Var->getNameAsString() + "'";
      Site.Loc = Var->getLocation();
      Site.DestinationVar = Var;
      for (const DynTypedNode &Up : analysis::parentsOf(Parent, Ctx))
        if (const auto *DS = Up.get<DeclStmt>())
          Site.Statement = DS;
      for (const DynTypedNode &Up : analysis::parentsOf(Parent, Ctx))
        if (const auto *DS = Up.get<DeclStmt>())
          for (const DynTypedNode &Loop : analysis::parentsOf(*DS, Ctx))
            if (const auto *Range = Loop.get<CXXForRangeStmt>();
                Range && Range->getLoopVariable() == Var)
              Site.Subject =
                  "range-for variable '" + Var->getNameAsString() + "'";
      return Site;
    }
    if (const auto *Lambda = Parent.get<LambdaExpr>()) {
      for (auto [Capture, Init] :
           llvm::zip(Lambda->captures(), Lambda->capture_inits())) {
        if (Init != Child || !Capture.capturesVariable())
          continue;
        Site.Subject = "capture of '" +
                       Capture.getCapturedVar()->getNameAsString() +
                       "' by value";
        Site.Loc = Capture.getLocation();
      }
      return Site;
    }
    if (Parent.get<ReturnStmt>()) {
      if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(
              Source ? Source->IgnoreParenImpCasts() : nullptr))
        if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
          Site.Silent = Var->isNRVOVariable();
      Site.Subject =
          Name.empty() ? "return by value" : "returning '" + Name + "' by value";
      return Site;
    }
    if (const auto *Assign = Parent.get<BinaryOperator>()) {
      if (Assign->isAssignmentOp() && Assign->getRHS() == Child) {
        Site.Subject = "assignment";
        Site.Loc = Assign->getOperatorLoc();
        Site.Destination = Assign->getLHS();
        Site.Statement = Assign;
      }
      return Site;
    }
    const FunctionDecl *Callee = nullptr;
    unsigned Index = 0;
    bool IsArgument = false;
    if (const auto *Call = Parent.get<CallExpr>();
        Call && !isa<CXXOperatorCallExpr>(Call)) {
      Callee = Call->getDirectCallee();
      for (unsigned I = 0; I < Call->getNumArgs(); ++I)
        if (Call->getArg(I) == Child) {
          Index = I;
          IsArgument = true;
        }
    } else if (const auto *Construct = Parent.get<CXXConstructExpr>()) {
      Callee = Construct->getConstructor();
      for (unsigned I = 0; I < Construct->getNumArgs(); ++I)
        if (Construct->getArg(I) == Child) {
          Index = I;
          IsArgument = true;
        }
    }
    if (IsArgument) {
      // The parameter's declaration is reported once, not every call.
      Site.Silent = Callee && Index < Callee->getNumParams() &&
                               !isSystem(Callee) &&
                               !Callee->isTemplateInstantiation();
      std::string What = Name.empty() ? "an argument" : "'" + Name + "'";
      Site.Subject = "passing " + What + " by value";
      if (Callee && Callee->getIdentifier())
        Site.Subject += " to '" + Callee->getNameAsString() + "'";
    }
    return Site;
  }
}

/// Whether \p S names `Source.Field` for one of \p Fields: in a guard's
/// constructor, a lock() call, std::lock(...).
bool mentionsSourceField(const Stmt *S, const ParmVarDecl *Source,
                         llvm::ArrayRef<const FieldDecl *> Fields,
                         ASTContext &Ctx) {
  auto Matches = match(
      findAll(memberExpr(hasObjectExpression(ignoringParenImpCasts(
                             declRefExpr(to(equalsNode(Source))))),
                         member(fieldDecl().bind("field")))),
      *S, Ctx);
  return llvm::any_of(Matches, [&](const BoundNodes &Nodes) {
    return llvm::is_contained(Fields, Nodes.getNodeAs<FieldDecl>("field"));
  });
}

/// Whether a statement before \p Read, in a block around it, locks the
/// source's mutex.
bool isReadUnderSourceLock(const Expr *Read, const ParmVarDecl *Source,
                           llvm::ArrayRef<const FieldDecl *> Guards,
                           ASTContext &Ctx) {
  DynTypedNode Node = DynTypedNode::create(*Read);
  while (true) {
    DynTypedNodeList Parents = analysis::parentsOf(Node, Ctx);
    if (Parents.empty() || Parents[0].get<FunctionDecl>())
      return false;
    if (const auto *Block = Parents[0].get<CompoundStmt>()) {
      for (const Stmt *Earlier : Block->body()) {
        if (Earlier == Node.get<Stmt>())
          break;
        if (mentionsSourceField(Earlier, Source, Guards, Ctx))
          return true;
      }
    }
    Node = Parents[0];
  }
}

/// `(void)s;` and `s;` evaluate and discard: no copy is kept.
bool isDiscarded(const Expr *Load, ASTContext &Ctx) {
  DynTypedNodeList Parents = analysis::parentsOf(*Load, Ctx);
  if (Parents.empty())
    return true;
  if (const auto *Cast = Parents[0].get<CastExpr>())
    return Cast->getCastKind() == CK_ToVoid;
  return Parents[0].get<CompoundStmt>() != nullptr;
}

bool isAtomicOrConst(QualType T) {
  if (T.isConstQualified())
    return true;
  if (const auto *Record = T->getAsCXXRecordDecl())
    return Record->getQualifiedNameAsString() == "std::atomic";
  return false;
}

/// The lock members of a C struct, each as its chain of members from the
/// struct (`sasl`, `lock`); false when a lock of \p T cannot be named so
/// (an array of locks, a lock class, a base).
bool lockMembers(QualType T, llvm::ArrayRef<llvm::StringRef> LockTypes,
                 llvm::SmallVectorImpl<const FieldDecl *> &Prefix,
                 llvm::SmallVectorImpl<llvm::SmallVector<const FieldDecl *, 2>> &Out,
                 unsigned Depth = 0) {
  if (Depth > 8)
    return false;
  const RecordDecl *Record = T->getAsRecordDecl();
  if (Record == nullptr || (Record = Record->getDefinition()) == nullptr ||
      isa<CXXRecordDecl>(Record) && cast<CXXRecordDecl>(Record)->getNumBases())
    return false;
  for (const FieldDecl *Field : Record->fields()) {
    QualType FieldType = Field->getType();
    Prefix.push_back(Field);
    bool Ok = true;
    if (!analysis::lockTypeName(FieldType, LockTypes).empty())
      Out.emplace_back(Prefix.begin(), Prefix.end());
    else if (FieldType->getAsArrayTypeUnsafe() != nullptr)
      Ok = analysis::lockTypeName(
               FieldType->getAsArrayTypeUnsafe()->getElementType(), LockTypes)
               .empty(); // an array of locks: no member chain names them
    else if (FieldType->isRecordType())
      Ok = lockMembers(FieldType, LockTypes, Prefix, Out, Depth + 1);
    Prefix.pop_back();
    if (!Ok)
      return false;
  }
  return true;
}

/// An object as an expression names it: the object itself (`d`, `c->conf`)
/// or a pointer to it (`c` of `c->state_lock`), `&x` and `*p` undone.
struct ObjectRef {
  const Expr *E = nullptr;
  bool IsPointer = false;
};
ObjectRef normalised(const Expr *E, bool IsPointer) {
  E = E->IgnoreParenImpCasts();
  while (const auto *Unary = dyn_cast<UnaryOperator>(E)) {
    if (IsPointer && Unary->getOpcode() == UO_AddrOf)
      IsPointer = false;
    else if (!IsPointer && Unary->getOpcode() == UO_Deref)
      IsPointer = true;
    else
      break;
    E = Unary->getSubExpr()->IgnoreParenImpCasts();
  }
  return {E, IsPointer};
}

/// Does \p E (`&d.sasl.lock`, `&c->conf.sasl.lock`) name member chain
/// \p Path of the object the copy went to?
bool namesMemberOf(const Expr *E, const CopySite &Site,
                   llvm::ArrayRef<const FieldDecl *> Path,
                   const ASTContext &Ctx) {
  const auto *Address = dyn_cast<UnaryOperator>(E->IgnoreParenImpCasts());
  if (Address == nullptr || Address->getOpcode() != UO_AddrOf)
    return false;
  const Expr *Object = Address->getSubExpr()->IgnoreParenImpCasts();
  bool ThroughPointer = false;
  for (const FieldDecl *Field : llvm::reverse(Path)) {
    const auto *Member = dyn_cast<MemberExpr>(Object);
    // Only the outermost member may be reached through a pointer.
    if (Member == nullptr || Member->getMemberDecl() != Field || ThroughPointer)
      return false;
    ThroughPointer = Member->isArrow();
    Object = Member->getBase()->IgnoreParenImpCasts();
  }
  ObjectRef Have = normalised(Object, ThroughPointer);
  if (Site.DestinationVar) {
    const auto *Ref = dyn_cast<DeclRefExpr>(Have.E);
    return !Have.IsPointer && Ref && Ref->getDecl() == Site.DestinationVar;
  }
  ObjectRef Want = normalised(Site.Destination, false);
  if (Want.IsPointer != Have.IsPointer)
    return false;
  llvm::FoldingSetNodeID WantId, HaveId;
  Want.E->Profile(WantId, Ctx, /*Canonical=*/true);
  Have.E->Profile(HaveId, Ctx, /*Canonical=*/true);
  return WantId == HaveId;
}

/// Does the statement leave its block by a jump (return, goto, break,
/// continue), or may it not run to its end for another reason we see?
class JumpFinder : public RecursiveASTVisitor<JumpFinder> {
public:
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitReturnStmt(ReturnStmt *) { return !(Found = true); }
  bool VisitGotoStmt(GotoStmt *) { return !(Found = true); }
  bool VisitIndirectGotoStmt(IndirectGotoStmt *) { return !(Found = true); }
  bool VisitBreakStmt(BreakStmt *) { return !(Found = true); }
  bool VisitContinueStmt(ContinueStmt *) { return !(Found = true); }
  bool VisitLabelStmt(LabelStmt *) { return !(Found = true); }
  bool Found = false;
};

/// The lock initialisation a statement always runs first thing, as a
/// statement of its own or as the condition of an `if`
/// (`if (mtx_init(&l, mtx_plain) != thrd_success) abort();`).
const CallExpr *initialisation(const Stmt *S) {
  const Expr *E = nullptr;
  if (const auto *If = dyn_cast<IfStmt>(S))
    E = If->getCond();
  else
    E = dyn_cast<Expr>(S);
  while (E) {
    E = E->IgnoreParenCasts();
    if (const auto *Compare = dyn_cast<BinaryOperator>(E);
        Compare && Compare->isComparisonOp()) {
      E = Compare->getLHS();
      continue;
    }
    if (const auto *Not = dyn_cast<UnaryOperator>(E);
        Not && Not->getOpcode() == UO_LNot) {
      E = Not->getSubExpr();
      continue;
    }
    break;
  }
  const auto *Call = dyn_cast_or_null<CallExpr>(E);
  if (Call == nullptr || Call->getNumArgs() == 0)
    return nullptr;
  static constexpr llvm::StringLiteral Initialisers[] = {
      "pthread_mutex_init", "pthread_rwlock_init", "pthread_spin_init",
      "mtx_init", "pthread_cond_init", "cnd_init", "sem_init"};
  return llvm::any_of(Initialisers,
                      [&](llvm::StringRef Name) {
                        return analysis::isGlobalCallTo(*Call, Name);
                      })
             ? Call
             : nullptr;
}

/// The statements that run after \p S on every path from it, in its
/// block: those that follow it, up to and including the first that may
/// leave the block (its condition still runs).
llvm::SmallVector<const Stmt *, 8> statementsAfter(const Stmt *S,
                                                   ASTContext &Ctx) {
  llvm::SmallVector<const Stmt *, 8> After;
  DynTypedNodeList Parents = analysis::parentsOf(*S, Ctx);
  const auto *Block = Parents.empty() ? nullptr : Parents[0].get<CompoundStmt>();
  if (Block == nullptr)
    return After;
  const Stmt *const *It = llvm::find(Block->body(), S);
  if (It == Block->body_end())
    return After;
  for (++It; It != Block->body_end(); ++It) {
    After.push_back(*It);
    JumpFinder Jumps;
    Jumps.TraverseStmt(const_cast<Stmt *>(*It));
    if (Jumps.Found)
      break;
  }
  return After;
}

/// Are all the locks a copy brought along initialised again, on every path
/// on from the copy, in the statements of its block that follow it, before
/// anything could leave the block (`rk->rk_conf = *conf; ...;
/// mtx_init(&rk->rk_conf.sasl.lock, mtx_plain);`)? A lock initialised
/// anew is a new lock, not a copy of somebody's: the copy only moved the
/// other members.
bool initialisedAgainAfter(const CopySite &Site, QualType Copied,
                           llvm::ArrayRef<llvm::StringRef> LockTypes,
                           ASTContext &Ctx) {
  if (Site.Statement == nullptr ||
      (Site.Destination == nullptr && Site.DestinationVar == nullptr))
    return false;
  llvm::SmallVector<const FieldDecl *, 4> Prefix;
  llvm::SmallVector<llvm::SmallVector<const FieldDecl *, 2>, 2> Locks;
  if (!lockMembers(Copied, LockTypes, Prefix, Locks) || Locks.empty())
    return false;
  for (const Stmt *Next : statementsAfter(Site.Statement, Ctx))
    if (const CallExpr *Init = initialisation(Next))
      llvm::erase_if(Locks, [&](const auto &Path) {
        return namesMemberOf(Init->getArg(0), Site, Path, Ctx);
      });
  return Locks.empty();
}

/// The argument a call frees: `free(p)`, or a call to a function of this
/// file that hands its parameter on to one (`rd_free(p)`), up to \p Depth
/// calls deep.
const Expr *freedArgument(const CallExpr &Call, unsigned Depth = 0) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (Callee == nullptr || Call.getNumArgs() == 0 || Depth > 2)
    return nullptr;
  if (analysis::isGlobalCallTo(Call, "free"))
    return Call.getArg(0);
  const FunctionDecl *Definition = Callee->getDefinition();
  if (Definition == nullptr || !Definition->hasBody() ||
      Definition->getASTContext().getSourceManager().isInSystemHeader(
          Definition->getLocation()))
    return nullptr;
  for (const CallExpr *Inner : analysis::collectCalls(*Definition->getBody()))
    if (const Expr *Freed = freedArgument(*Inner, Depth + 1))
      if (const auto *Ref = dyn_cast<DeclRefExpr>(Freed->IgnoreParenImpCasts()))
        if (const auto *Param = dyn_cast<ParmVarDecl>(Ref->getDecl());
            Param && Param->getDeclContext() == Definition &&
            Param->getFunctionScopeIndex() < Call.getNumArgs())
          return Call.getArg(Param->getFunctionScopeIndex());
  return nullptr;
}

/// Is the copy's source `*p`, freed by the statements of its block that
/// follow the copy before anything can leave it (`rk->rk_conf = *conf;
/// rd_free(conf);`)? The copy then moves the lock: the original is gone
/// before anybody else could use it.
bool sourceFreedAfter(const CopySite &Site, const Expr *Source,
                      ASTContext &Ctx) {
  if (Site.Statement == nullptr || Source == nullptr)
    return false;
  const auto *Deref = dyn_cast<UnaryOperator>(Source->IgnoreParenImpCasts());
  if (Deref == nullptr || Deref->getOpcode() != UO_Deref)
    return false;
  const auto *Pointer =
      dyn_cast<DeclRefExpr>(Deref->getSubExpr()->IgnoreParenImpCasts());
  if (Pointer == nullptr)
    return false;
  for (const Stmt *Next : statementsAfter(Site.Statement, Ctx)) {
    const auto *Call = dyn_cast<CallExpr>(Next);
    if (Call == nullptr)
      continue;
    if (const Expr *Freed = freedArgument(*Call))
      if (const auto *Ref = dyn_cast<DeclRefExpr>(Freed->IgnoreParenImpCasts());
          Ref && Ref->getDecl() == Pointer->getDecl())
        return true;
  }
  return false;
}
} // namespace

CopiedMutexCheck::CopiedMutexCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      LockTypes(utils::options::parseStringList(
          Options.get("LockTypes", analysis::DefaultCLockTypes))),
      MutexTypes(utils::options::parseStringList(
          Options.get("MutexTypes", analysis::DefaultMutexTypes))) {}

void CopiedMutexCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "LockTypes",
                utils::options::serializeStringList(LockTypes));
  Options.store(Opts, "MutexTypes",
                utils::options::serializeStringList(MutexTypes));
}

void CopiedMutexCheck::registerMatchers(MatchFinder *Finder) {
  // The copy of the members of an implicit copy constructor is reported
  // where that constructor is used, not inside it.
  // Most nodes are in system headers: that test comes first, as it is
  // cheap; the walk up to the enclosing function comes last.
  auto NotInSystem = unless(isExpansionInSystemHeader());
  auto NotInImplicit = unless(isInImplicitFunction());
  Finder->addMatcher(
      cxxConstructExpr(NotInSystem,
                       hasDeclaration(cxxConstructorDecl(
                           anyOf(isCopyConstructor(), isMoveConstructor()))),
                       NotInImplicit)
          .bind("construct"),
      this);
  Finder->addMatcher(
      cxxOperatorCallExpr(
          hasOverloadedOperatorName("="), NotInSystem,
          callee(cxxMethodDecl(anyOf(isCopyAssignmentOperator(),
                                     isMoveAssignmentOperator()))),
          NotInImplicit)
          .bind("assign"),
      this);
  // C copies a struct by loading it: initialization, assignment, argument,
  // return.
  Finder->addMatcher(implicitCastExpr(hasCastKind(CK_LValueToRValue),
                                      NotInSystem,
                                      unless(hasType(isAnyPointer())),
                                      unless(hasType(isInteger())),
                                      NotInImplicit)
                         .bind("load"),
                     this);
  Finder->addMatcher(
      // pthread_spinlock_t is a typedef of an int; the load drops the sugar.
      implicitCastExpr(hasCastKind(CK_LValueToRValue), NotInSystem,
                       hasType(isInteger()),
                       hasSourceExpression(hasType(
                           qualType(hasDeclaration(typedefNameDecl())))),
                       NotInImplicit)
          .bind("load"),
      this);
  Finder->addMatcher(
      functionDecl(NotInSystem, unless(isImplicit()), unless(isDeleted()))
          .bind("function"),
      this);
  Finder->addMatcher(
      callExpr(NotInSystem,
               callee(functionDecl(hasAnyName(
                   "::memcpy", "::memmove", "::std::memcpy", "::std::memmove",
                   "__builtin_memcpy", "__builtin_memmove"))))
          .bind("memcpy"),
      this);
  Finder->addMatcher(
      cxxMethodDecl(anyOf(cxxConstructorDecl(isCopyConstructor()),
                          isCopyAssignmentOperator()),
                    isUserProvided(), isDefinition(),
                    unless(isExpansionInSystemHeader()))
          .bind("copying"),
      this);
}

std::optional<CopiedMutexCheck::HeldLock>
CopiedMutexCheck::findCopiedLock(QualType T) {
  if (T.isNull() || T->isReferenceType() || T->isPointerType() ||
      T->isDependentType())
    return std::nullopt;
  std::string Name = analysis::lockTypeName(T, LockTypes);
  if (!Name.empty())
    return HeldLock{"", Name, nullptr, false};
  if (const ArrayType *Array = T->getAsArrayTypeUnsafe())
    return findCopiedLock(Array->getElementType());
  if (const auto *Record = T->getAsRecordDecl())
    return findCopiedLockInRecord(Record);
  return std::nullopt;
}

std::optional<CopiedMutexCheck::HeldLock>
CopiedMutexCheck::findCopiedLockInRecord(const RecordDecl *Record) {
  Record = Record->getDefinition();
  if (Record == nullptr)
    return std::nullopt;
  if (auto It = RecordCache.find(Record); It != RecordCache.end())
    return It->second;
  RecordCache[Record] = std::nullopt; // A recursive type holds no lock twice.
  std::optional<HeldLock> Found;
  const auto *Class = dyn_cast<CXXRecordDecl>(Record);
  if (Class && analysis::isUserLockable(Class)) {
    Found = HeldLock{"", Class->getNameAsString(), Class, true};
  } else if (Class && hasUserProvidedCopyConstructor(Class)) {
    // A hand-written copy decides what it copies.
  } else {
    for (const FieldDecl *Field : Record->fields()) {
      std::optional<HeldLock> Inner = findCopiedLock(Field->getType());
      if (!Inner)
        continue;
      std::string Name = Field->getNameAsString();
      if (!Name.empty() && !Inner->Path.empty())
        Name += ".";
      Inner->Path = Name + Inner->Path;
      if (Inner->Where == nullptr || Inner->UserLockable)
        Inner->Where = Field;
      Found = Inner;
      break;
    }
    if (!Found && Class) {
      for (const CXXBaseSpecifier &Base : Class->bases()) {
        const auto *BaseRecord = Base.getType()->getAsCXXRecordDecl();
        if (BaseRecord == nullptr)
          continue;
        std::optional<HeldLock> Inner = findCopiedLockInRecord(BaseRecord);
        if (!Inner)
          continue;
        Inner->Path = BaseRecord->getNameAsString() + "::" + Inner->Path;
        if (Inner->Where == nullptr || Inner->UserLockable)
          Inner->Where = BaseRecord;
        Found = Inner;
        break;
      }
    }
  }
  RecordCache[Record] = Found;
  return Found;
}

void CopiedMutexCheck::reportCopy(SourceLocation Loc, StringRef Subject,
                                  QualType Copied, const HeldLock &Lock,
                                  const ASTContext &Ctx) {
  if (Loc.isInvalid() || !Reported.insert(Loc).second)
    return;
  std::string What;
  std::string TypeName =
      Copied.getUnqualifiedType().getAsString(Ctx.getPrintingPolicy());
  if (Lock.Path.empty() && Lock.UserLockable)
    What = "'" + TypeName + "', a lock class";
  else if (Lock.Path.empty())
    What = "a '" + Lock.LockType + "'";
  else
    What = "'" + TypeName + "', which holds the lock '" + Lock.Path + "' ('" +
           Lock.LockType + "')";
  diag(Loc, "%0 copies %1: a copied lock is a new lock that does not "
            "exclude the original's users; use a pointer or a reference")
      << Subject << What;
  if (Lock.Where == nullptr)
    return;
  if (const auto *Class = dyn_cast<CXXRecordDecl>(Lock.Where);
      Class && Lock.UserLockable)
    diag(Class->getLocation(),
         "'%0' has lock() and unlock() but can be copied; delete its copy "
         "constructor and copy assignment",
         DiagnosticIDs::Note)
        << Class->getName();
  else if (const auto *Field = dyn_cast<FieldDecl>(Lock.Where))
    diag(Field->getLocation(), "the lock '%0' is declared here",
         DiagnosticIDs::Note)
        << Field->getName();
  else if (const auto *Base = dyn_cast<CXXRecordDecl>(Lock.Where))
    diag(Base->getLocation(), "the lock is inherited from '%0'",
         DiagnosticIDs::Note)
        << Base->getName();
}

void CopiedMutexCheck::check(const MatchFinder::MatchResult &Result) {
  if (analysis::matchHasErrors(Result))
    return; // clang could not build this code: nothing to analyse
  ASTContext &Ctx = *Result.Context;

  if (const auto *Construct =
          Result.Nodes.getNodeAs<CXXConstructExpr>("construct")) {
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    const CXXRecordDecl *Class = Ctor->getParent();
    if (Construct->getNumArgs() == 0 ||
        isa<MaterializeTemporaryExpr>(Construct->getArg(0)->IgnoreImpCasts()))
      return; // Built from a temporary: nothing else holds that lock.
    std::optional<HeldLock> Lock;
    if (analysis::isUserLockable(Class)) {
      if (!Ctor->isCopyConstructor())
        return; // Moving a lock class is its author's decision.
      Lock = HeldLock{"", Class->getNameAsString(), Class, true};
    } else if (!Ctor->isUserProvided()) {
      Lock = findCopiedLock(Construct->getType());
    }
    if (!Lock)
      return;
    const Expr *Source = Construct->getArg(0);
    CopySite Site = describeCopy(Construct, Source, Ctx);
    if (!Site.Silent &&
        !initialisedAgainAfter(Site, Construct->getType(), LockTypes, Ctx))
      reportCopy(Site.Loc, Site.Subject, Construct->getType(), *Lock, Ctx);
    return;
  }

  if (const auto *Assign =
          Result.Nodes.getNodeAs<CXXOperatorCallExpr>("assign")) {
    const auto *Method = cast<CXXMethodDecl>(Assign->getCalleeDecl());
    const CXXRecordDecl *Class = Method->getParent();
    if (Assign->getNumArgs() != 2 ||
        isa<MaterializeTemporaryExpr>(Assign->getArg(1)->IgnoreImpCasts()))
      return;
    std::optional<HeldLock> Lock;
    if (analysis::isUserLockable(Class)) {
      if (!Method->isCopyAssignmentOperator())
        return;
      Lock = HeldLock{"", Class->getNameAsString(), Class, true};
    } else if (!Method->isUserProvided()) {
      Lock = findCopiedLock(Assign->getArg(0)->getType());
    }
    CopySite Site{"assignment", Assign->getOperatorLoc()};
    Site.Destination = Assign->getArg(0);
    Site.Statement = Assign;
    if (Lock &&
        !initialisedAgainAfter(Site, Assign->getArg(0)->getType(), LockTypes, Ctx))
      reportCopy(Site.Loc, Site.Subject, Assign->getArg(0)->getType(), *Lock,
                 Ctx);
    return;
  }

  if (const auto *Load = Result.Nodes.getNodeAs<ImplicitCastExpr>("load")) {
    const Expr *Source = Load->getSubExpr()->IgnoreParens();
    if (isa<CompoundLiteralExpr>(Source))
      return; // A fresh initializer, not somebody's lock.
    if (isDiscarded(Load, Ctx))
      return; // `(void)s;` reads nothing into anything.
    std::optional<HeldLock> Lock = findCopiedLock(Source->getType());
    if (!Lock)
      return;
    CopySite Site = describeCopy(Load, Source, Ctx);
    if (!Site.Silent &&
        !initialisedAgainAfter(Site, Source->getType(), LockTypes, Ctx) &&
        !sourceFreedAfter(Site, Source, Ctx))
      reportCopy(Site.Loc, Site.Subject, Source->getType(), *Lock, Ctx);
    return;
  }

  if (const auto *Function = Result.Nodes.getNodeAs<FunctionDecl>("function")) {
    if (Function->isTemplateInstantiation() || Function->isDependentContext())
      return;
    // One report per parameter: at the definition, or at the first
    // declaration when this TU has no definition.
    const FunctionDecl *Definition = Function->getDefinition();
    if (Definition ? Definition != Function : !Function->isFirstDecl())
      return;
    for (const ParmVarDecl *Param : Function->parameters()) {
      std::optional<HeldLock> Lock = findCopiedLock(Param->getType());
      if (!Lock)
        continue;
      // A by-value copy assignment (copy-and-swap) is the class's own copy.
      if (const auto *Method = dyn_cast<CXXMethodDecl>(Function);
          Method && (Method->isCopyAssignmentOperator() ||
                     Method->isMoveAssignmentOperator()))
        continue;
      std::string Subject =
          Param->getName().empty()
              ? std::string("an unnamed parameter passed by value")
              : "parameter '" + Param->getNameAsString() +
                    "' passed by value";
      reportCopy(Param->getLocation(), Subject, Param->getType(), *Lock, Ctx);
    }
    return;
  }

  if (const auto *Call = Result.Nodes.getNodeAs<CallExpr>("memcpy")) {
    if (Call->getNumArgs() < 2)
      return;
    QualType Pointee =
        Call->getArg(1)->IgnoreParenCasts()->getType()->getPointeeType();
    if (Pointee.isNull())
      return;
    if (std::optional<HeldLock> Lock = findCopiedLock(Pointee))
      reportCopy(Call->getBeginLoc(),
                 Call->getDirectCallee()->getName().contains("move")
                     ? "memmove"
                     : "memcpy",
                 Pointee, *Lock, Ctx);
    return;
  }

  if (const auto *Method = Result.Nodes.getNodeAs<CXXMethodDecl>("copying"))
    checkCopyingMember(Method, Ctx);
}

void CopiedMutexCheck::checkCopyingMember(const CXXMethodDecl *Method,
                                          ASTContext &Ctx) {
  const CXXRecordDecl *Class = Method->getParent();
  if (Class->isDependentContext() || Method->getNumParams() != 1)
    return;
  const ParmVarDecl *Source = Method->getParamDecl(0);
  if (!Source->getType()->isReferenceType() || Source->getName().empty())
    return; // Copy-and-swap: the by-value parameter is already a copy.

  llvm::SmallVector<const FieldDecl *, 2> Guards;
  for (const FieldDecl *Field : Class->fields()) {
    QualType T = Field->getType();
    if (!analysis::lockTypeName(T, MutexTypes).empty() ||
        analysis::isUserLockable(T->getAsCXXRecordDecl()))
      Guards.push_back(Field);
  }
  if (Guards.empty())
    return;

  // Every read of a source member, in the member initializers and the body.
  auto Reads = findAll(
      memberExpr(hasObjectExpression(ignoringParenImpCasts(
                     declRefExpr(to(equalsNode(Source))))),
                 member(fieldDecl().bind("field")))
          .bind("read"));
  llvm::SmallVector<BoundNodes, 8> Found;
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Method))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->isWritten() && Init->getInit())
        llvm::append_range(Found, match(Reads, *Init->getInit(), Ctx));
  if (const Stmt *Body = Method->getBody())
    llvm::append_range(Found, match(Reads, *Body, Ctx));

  const MemberExpr *FirstRead = nullptr;
  for (const BoundNodes &Nodes : Found) {
    const auto *Field = Nodes.getNodeAs<FieldDecl>("field");
    const auto *Read = Nodes.getNodeAs<MemberExpr>("read");
    if (llvm::is_contained(Guards, Field) || isAtomicOrConst(Field->getType()))
      continue;
    if (isReadUnderSourceLock(Read, Source, Guards, Ctx))
      continue;
    if (FirstRead == nullptr ||
        Ctx.getSourceManager().isBeforeInTranslationUnit(
            Read->getBeginLoc(), FirstRead->getBeginLoc()))
      FirstRead = Read;
  }
  if (FirstRead == nullptr || !Reported.insert(FirstRead->getExprLoc()).second)
    return;

  const FieldDecl *Guard = Guards.front();
  diag(FirstRead->getExprLoc(),
       "%select{copy constructor|copy assignment}0 of %1 reads '%2.%3' "
       "without holding '%2.%4'; the copy races with whoever writes '%2' "
       "under that lock: lock the source first")
      << (isa<CXXConstructorDecl>(Method) ? 0 : 1) << Class
      << Source->getName()
      << FirstRead->getMemberDecl()->getName() << Guard->getName();
  diag(Guard->getLocation(), "'%0' guards the members of %1",
       DiagnosticIDs::Note)
      << Guard->getName() << Class;
}

} // namespace clang::tidy::conc
