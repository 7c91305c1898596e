//===--- UnsynchronizedCaptureCheck.cpp - conc-tidy -----------------------===//
//
// Part of conc. A variable shared by threads is guarded or atomic.
//
//===----------------------------------------------------------------------===//

#include "UnsynchronizedCaptureCheck.h"
#include "analysis/UnitParents.h"
#include "analysis/ConcurrencyModel.h"
#include "analysis/ErrorRecovery.h"
#include "analysis/ThreadVocabularyOptions.h"

#include "clang-tidy/utils/OptionsUtils.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::conc {
namespace {

constexpr char DefaultSynchronizedTypes[] =
    "::std::atomic;::std::atomic_ref;::std::atomic_flag;::std::mutex;"
    "::std::shared_mutex;::std::recursive_mutex;::std::timed_mutex;"
    "::std::condition_variable;::std::condition_variable_any;::std::latch;"
    "::std::barrier;::std::counting_semaphore;::std::binary_semaphore;"
    "::std::promise;::std::future;::std::shared_future;::std::packaged_task;"
    "::std::stop_source;::std::stop_token;::std::thread;::std::jthread;"
    "::conc::Channel;::conc::Sender;::conc::Receiver;::conc::WaitGroup;"
    "::conc::Context;::conc::ErrGroup;::conc::CheckedMutex";
constexpr char DefaultLockGuardTypes[] =
    "::std::lock_guard;::std::unique_lock;::std::scoped_lock;"
    "::std::shared_lock";

/// Methods that read a container, or hand out an element without changing
/// the container: threads that write distinct elements do not race.
bool isElementAccessOrRead(StringRef Name) {
  static const char *const Names[] = {
      "at",     "data",        "begin",       "end",         "cbegin",
      "cend",   "rbegin",      "rend",        "front",       "back",
      "find",   "count",       "contains",    "size",        "empty",
      "length", "lower_bound", "upper_bound", "equal_range", "c_str",
      "str",    "load",        "operator[]"};
  return llvm::is_contained(Names, Name);
}

bool isMapLike(QualType Type) {
  return StringRef(analysis::recordName(Type)).contains("map");
}

/// One use of the shared variable.
struct Access {
  const DeclRefExpr *Ref = nullptr;
  bool IsWrite = false;
  /// The thread whose body holds it; -1 for the spawning code.
  int Thread = -1;
  llvm::SmallPtrSet<const ValueDecl *, 2> HeldLocks;
};

class RefCollector : public RecursiveASTVisitor<RefCollector> {
public:
  explicit RefCollector(const ValueDecl *Var) : Var(Var) {}
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (E->getDecl() == Var)
      Refs.push_back(E);
    return true;
  }
  bool shouldVisitLambdaBody() const { return true; }
  const ValueDecl *Var;
  llvm::SmallVector<const DeclRefExpr *, 8> Refs;
};

/// Does the use write the variable (or a part of it that others share)?
bool isWrite(const DeclRefExpr *Ref, ASTContext &Context) {
  DynTypedNode Node = DynTypedNode::create(*static_cast<const Stmt *>(Ref));
  const Expr *Current = Ref;
  while (true) {
    DynTypedNodeList Parents = analysis::parentsOf(Node, Context);
    if (Parents.empty())
      return false;
    const auto *Parent = Parents[0].get<Expr>();
    if (Parent == nullptr)
      return false;
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(Parent)) {
      if (Cast->getCastKind() == CK_LValueToRValue)
        return false;
    } else if (isa<ParenExpr, MemberExpr, MaterializeTemporaryExpr>(Parent)) {
      // s.field = ...: writing a member writes the shared object.
      if (const auto *Member = dyn_cast<MemberExpr>(Parent))
        if (const auto *Method =
                dyn_cast<CXXMethodDecl>(Member->getMemberDecl())) {
          // v.push_back(x) writes v; v.size() and v[i] do not.
          return !Method->isConst() && (Method->getIdentifier() == nullptr ||
                                        !isElementAccessOrRead(Method->getName()));
        }
    } else if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(Parent)) {
      // a[i] = ...: threads that write their own element do not race.
      if (Subscript->getBase()->IgnoreParenImpCasts() != Current ||
          !Subscript->getIdx()->isIntegerConstantExpr(Context))
        return false;
    } else if (const auto *Unary = dyn_cast<UnaryOperator>(Parent)) {
      return Unary->isIncrementDecrementOp();
    } else if (const auto *Binary = dyn_cast<BinaryOperator>(Parent)) {
      return Binary->isAssignmentOp() &&
             Binary->getLHS()->IgnoreParens() == Current;
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Parent)) {
      if (Op->getNumArgs() == 0 ||
          Op->getArg(0)->IgnoreParenImpCasts() != Current)
        return false;
      if (Op->getOperator() == OO_Subscript)
        return isMapLike(Current->getType());
      if (Op->isAssignmentOp() || Op->getOperator() == OO_PlusPlus ||
          Op->getOperator() == OO_MinusMinus)
        return true;
      if (const auto *Method =
              dyn_cast_or_null<CXXMethodDecl>(Op->getDirectCallee()))
        return !Method->isConst();
      if (const FunctionDecl *Callee = Op->getDirectCallee())
        if (Callee->getNumParams() > 0) {
          QualType Param = Callee->getParamDecl(0)->getType();
          return Param->isLValueReferenceType() &&
                 !Param.getNonReferenceType().isConstQualified();
        }
      return false;
    } else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Parent)) {
      const CXXMethodDecl *Method = Call->getMethodDecl();
      if (Method == nullptr ||
          Call->getImplicitObjectArgument()->IgnoreParenImpCasts() != Current)
        return false;
      if (Method->isConst())
        return false;
      return Method->getIdentifier() == nullptr ||
             !isElementAccessOrRead(Method->getName());
    } else if (const auto *Call = dyn_cast<CallExpr>(Parent)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (Callee == nullptr)
        return false;
      for (unsigned I = 0; I < Call->getNumArgs() && I < Callee->getNumParams();
           ++I)
        if (Call->getArg(I)->IgnoreParenImpCasts() == Current) {
          QualType Param = Callee->getParamDecl(I)->getType();
          return Param->isLValueReferenceType() &&
                 !Param.getNonReferenceType().isConstQualified();
        }
      return false;
    } else {
      return false;
    }
    Current = Parent;
    Node = Parents[0];
  }
}

/// The mutexes held at `Use` inside `Body`: a lock guard declared earlier in
/// an enclosing block, or `m.lock()` earlier in an enclosing block with no
/// `m.unlock()` between.
llvm::SmallPtrSet<const ValueDecl *, 2>
heldLocks(const Stmt *Use, const Stmt *Body, ASTContext &Context,
          llvm::ArrayRef<StringRef> LockGuardTypes) {
  llvm::SmallPtrSet<const ValueDecl *, 2> Held;
  const SourceManager &SM = Context.getSourceManager();
  DynTypedNode Node = DynTypedNode::create(*Use);
  while (true) {
    DynTypedNodeList Parents = analysis::parentsOf(Node, Context);
    if (Parents.empty())
      break;
    const auto *Parent = Parents[0].get<Stmt>();
    if (Parent == nullptr)
      break;
    if (const auto *Block = dyn_cast_or_null<CompoundStmt>(Parent)) {
      for (const Stmt *Child : Block->body()) {
        if (!analysis::isBefore(Child->getBeginLoc(), Use->getBeginLoc(), SM) ||
            analysis::isWithin(Use, Child, SM))
          break;
        if (const auto *Decls = dyn_cast<DeclStmt>(Child)) {
          for (const Decl *D : Decls->decls()) {
            const auto *Guard = dyn_cast<VarDecl>(D);
            if (Guard == nullptr ||
                !analysis::isOneOfTypes(Guard->getType(), LockGuardTypes) ||
                Guard->getInit() == nullptr)
              continue;
            const auto *Construct = dyn_cast<CXXConstructExpr>(
                analysis::ignoreWrappers(Guard->getInit()));
            if (Construct == nullptr)
              continue;
            for (const Expr *Arg : Construct->arguments())
              if (const ValueDecl *Mutex = analysis::namedEntity(Arg))
                Held.insert(Mutex);
          }
          continue;
        }
        const auto *Statement = dyn_cast<Expr>(Child);
        const auto *Call =
            Statement ? dyn_cast<CallExpr>(analysis::ignoreWrappers(Statement)) : nullptr;
        if (Call == nullptr || Call->getDirectCallee() == nullptr ||
            Call->getDirectCallee()->getIdentifier() == nullptr)
          continue;
        StringRef Name = Call->getDirectCallee()->getName();
        const Expr *Object = nullptr;
        if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
          Object = Member->getImplicitObjectArgument();
        else if (Call->getNumArgs() > 0)
          Object = Call->getArg(0);
        const ValueDecl *Mutex = Object ? analysis::namedEntity(Object) : nullptr;
        if (Mutex == nullptr)
          continue;
        if (Name == "lock" || Name == "lock_shared" ||
            Name == "pthread_mutex_lock" || Name == "pthread_spin_lock")
          Held.insert(Mutex);
        else if (Name == "unlock" || Name == "unlock_shared" ||
                 Name == "pthread_mutex_unlock" ||
                 Name == "pthread_spin_unlock")
          Held.erase(Mutex);
      }
    }
    if (Parent == Body)
      break;
    Node = Parents[0];
  }
  return Held;
}

bool shareLock(const Access &A, const Access &B) {
  for (const ValueDecl *Mutex : A.HeldLocks)
    if (B.HeldLocks.contains(Mutex))
      return true;
  return false;
}

} // namespace

UnsynchronizedCaptureCheck::UnsynchronizedCaptureCheck(
    StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      SynchronizedTypes(utils::options::parseStringList(
          Options.get("SynchronizedTypes", DefaultSynchronizedTypes))),
      LockGuardTypes(utils::options::parseStringList(
          Options.get("LockGuardTypes", DefaultLockGuardTypes))) {
  Vocabulary = analysis::readThreadVocabulary(Options);
}

void UnsynchronizedCaptureCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "SynchronizedTypes",
                utils::options::serializeStringList(SynchronizedTypes));
  Options.store(Opts, "LockGuardTypes",
                utils::options::serializeStringList(LockGuardTypes));
  analysis::storeThreadVocabulary(Options, Opts, Vocabulary);
}

void UnsynchronizedCaptureCheck::registerMatchers(MatchFinder *Finder) {
  analysis::addThreadStartMatchers(*Finder, Vocabulary, this);
}

void UnsynchronizedCaptureCheck::check(const MatchFinder::MatchResult &Result) {
  if (analysis::matchHasErrors(Result))
    return; // clang could not build this code: nothing to analyse
  Context = Result.Context;
  std::optional<analysis::ThreadStart> Start =
      analysis::classifyThreadStart(Result.Nodes.getNodeAs<Expr>("start"), Vocabulary);
  if (!Start || Start->Lambda == nullptr)
    return;
  const Decl *Spawner = analysis::enclosingFunction(Start->Spawn, *Context);
  if (Spawner == nullptr || Spawner->getBody() == nullptr)
    return;
  std::vector<analysis::ThreadStart> &Starts = StartsBySpawner[Spawner];
  for (const analysis::ThreadStart &Known : Starts)
    if (Known.Spawn == Start->Spawn)
      return; // a template instantiated twice
  Starts.push_back(*Start);
}

void UnsynchronizedCaptureCheck::onEndOfTranslationUnit() {
  for (const auto &[Spawner, Starts] : StartsBySpawner)
    checkSpawner(Spawner, Starts);
  StartsBySpawner.clear();
}

/// Atomics, mutexes, channels... and classes that hold one (a class with
/// its own mutex synchronizes itself).
bool UnsynchronizedCaptureCheck::isSynchronizedType(QualType Type) const {
  Type = Type.getNonReferenceType();
  if (Type.isConstQualified())
    return true; // read-only
  if (Type->isFunctionType() || Type->isPointerType())
    return Type->isFunctionType();
  if (analysis::isOneOfTypes(Type, SynchronizedTypes))
    return true;
  const CXXRecordDecl *Record = Type->getAsCXXRecordDecl();
  if (Record == nullptr || !Record->hasDefinition())
    return false;
  if (Record->isLambda())
    return true;
  return holdsSynchronizedMember(Record, 3);
}

/// A class with a mutex or an atomic among its members (or its members'
/// members, arrays included, or its bases) synchronizes itself: a lock-free
/// queue, a class with its own lock.
bool UnsynchronizedCaptureCheck::holdsSynchronizedMember(
    const CXXRecordDecl *Record, unsigned Depth) const {
  if (Record == nullptr || !Record->hasDefinition() || Depth == 0)
    return false;
  for (const CXXBaseSpecifier &Base : Record->bases())
    if (holdsSynchronizedMember(Base.getType()->getAsCXXRecordDecl(),
                                Depth - 1))
      return true;
  for (const FieldDecl *Field : Record->fields()) {
    QualType FieldType = Field->getType();
    while (const auto *Array = FieldType->getAsArrayTypeUnsafe())
      FieldType = Array->getElementType();
    if (analysis::isOneOfTypes(FieldType, SynchronizedTypes))
      return true;
    const CXXRecordDecl *Member = FieldType->getAsCXXRecordDecl();
    // std::array<Queue, N> and the like: look at the element type.
    if (const auto *Spec =
            dyn_cast_or_null<ClassTemplateSpecializationDecl>(Member))
      if (Spec->getQualifiedNameAsString() == "std::array" &&
          Spec->getTemplateArgs().size() > 0 &&
          Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type) {
        QualType Element = Spec->getTemplateArgs()[0].getAsType();
        if (analysis::isOneOfTypes(Element, SynchronizedTypes))
          return true;
        Member = Element->getAsCXXRecordDecl();
      }
    // A pimpl: the object owned through std::unique_ptr / std::shared_ptr
    // is part of this one, its lock guards this one's state.
    if (const auto *Spec =
            dyn_cast_or_null<ClassTemplateSpecializationDecl>(Member)) {
      std::string Name = Spec->getQualifiedNameAsString();
      if ((Name == "std::unique_ptr" || Name == "std::shared_ptr") &&
          Spec->getTemplateArgs().size() > 0 &&
          Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type) {
        QualType Owned = Spec->getTemplateArgs()[0].getAsType();
        if (analysis::isOneOfTypes(Owned, SynchronizedTypes))
          return true;
        Member = Owned->getAsCXXRecordDecl();
      }
    }
    if (holdsSynchronizedMember(Member, Depth - 1))
      return true;
  }
  return false;
}

void UnsynchronizedCaptureCheck::checkSpawner(
    const Decl *Spawner, llvm::ArrayRef<analysis::ThreadStart> Starts) {
  ASTContext &Ctx = *Context;
  const SourceManager &SM = Ctx.getSourceManager();
  const Stmt *Body = Spawner->getBody();

  // The variables captured by reference, in order of first capture.
  llvm::SmallVector<const VarDecl *, 8> Shared;
  for (const analysis::ThreadStart &Start : Starts)
    for (const LambdaCapture &Capture : Start.Lambda->captures())
      if (Capture.capturesVariable() && Capture.getCaptureKind() == LCK_ByRef)
        if (const auto *Var = dyn_cast<VarDecl>(Capture.getCapturedVar()))
          if (!llvm::is_contained(Shared, Var) &&
              !isSynchronizedType(Var->getType()))
            Shared.push_back(Var);

  if (Shared.empty())
    return;
  // Which accesses can run at the same time: from the CFG, the starts,
  // joins and hand-offs (analysis/ConcurrencyModel.h). Built only when
  // something is shared.
  analysis::ConcurrencyModel Model(*Spawner, Starts, Ctx, Vocabulary);

  for (const VarDecl *Var : Shared) {
    std::vector<Access> Accesses;
    RefCollector Collector(Var);
    Collector.TraverseStmt(const_cast<Stmt *>(Body));
    for (const DeclRefExpr *Ref : Collector.Refs) {
      Access A;
      A.Ref = Ref;
      const Stmt *Scope = Body;
      for (unsigned I = 0; I < Starts.size(); ++I)
        if (analysis::isWithin(Ref, Starts[I].Lambda->getBody(), SM)) {
          A.Thread = static_cast<int>(I);
          Scope = Starts[I].Lambda->getBody();
        }
      // Uses in other lambdas of the spawner run who knows when.
      if (A.Thread < 0 && analysis::enclosingFunction(Ref, Ctx) != Spawner)
        continue;
      A.IsWrite = isWrite(Ref, Ctx);
      A.HeldLocks = heldLocks(Ref, Scope, Ctx, LockGuardTypes);
      Accesses.push_back(std::move(A));
    }

    auto Concurrent = [&](const Access &A, const Access &B) {
      return Model.concurrent({A.Thread, A.Ref}, {B.Thread, B.Ref});
    };

    // The first thread write that races with something.
    for (const Access &Write : Accesses) {
      if (!Write.IsWrite || Write.Thread < 0)
        continue;
      const Access *Other = nullptr;
      for (const Access &Candidate : Accesses) {
        if (&Candidate == &Write && !Model.isRepeated(Write.Thread))
          continue;
        if (Concurrent(Write, Candidate) && !shareLock(Write, Candidate)) {
          Other = &Candidate;
          break;
        }
      }
      if (Other == nullptr)
        continue;
      int Whom = Other->Thread < 0                ? 2
                 : Other->Thread == Write.Thread ? 1
                                                  : 0;
      diag(Write.Ref->getLocation(),
           "'%0' is written by a thread and %select{read|written}1 by "
           "%select{another thread|another run of the same thread|the "
           "spawning code before the join}2 with no lock held; guard both "
           "with the same mutex or make it atomic")
          << Var->getName() << Other->IsWrite << Whom;
      diag(Starts[Write.Thread].Spawn->getBeginLoc(),
           "%select{the thread is started here|the thread is started here, "
           "once per iteration}0",
           DiagnosticIDs::Note)
          << Model.isRepeated(Write.Thread);
      if (Other != &Write)
        diag(Other->Ref->getLocation(), "the other %select{read|write}0",
             DiagnosticIDs::Note)
            << Other->IsWrite;
      break;
    }
  }
}

} // namespace clang::tidy::conc
