//===--- ThreadBodies.cpp - conc-tidy -------------------------------------===//
//
// Part of conc. Where threads are started, what they run, who owns them.
//
//===----------------------------------------------------------------------===//

#include "ThreadBodies.h"
#include "UnitParents.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"

using namespace clang::ast_matchers;

namespace clang::tidy::conc::analysis {
namespace {

const CXXRecordDecl *recordOf(QualType Type) {
  Type = Type.getNonReferenceType();
  if (const auto *Pointer = Type->getAs<PointerType>())
    Type = Pointer->getPointeeType();
  return Type->getAsCXXRecordDecl();
}

bool hasQualifiedName(const NamedDecl *D, llvm::ArrayRef<StringRef> Names) {
  return hasQualifiedNameIn(D, Names);
}

/// Is `Type` a container (any class template) whose first template argument
/// is one of the thread types?
const CXXRecordDecl *elementThreadType(QualType Type,
                                       llvm::ArrayRef<StringRef> ThreadTypes) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      recordOf(Type));
  if (Spec == nullptr || Spec->getTemplateArgs().size() == 0)
    return nullptr;
  const TemplateArgument &First = Spec->getTemplateArgs()[0];
  if (First.getKind() != TemplateArgument::Type)
    return nullptr;
  if (isOneOfTypes(First.getAsType(), ThreadTypes))
    return First.getAsType()->getAsCXXRecordDecl();
  return nullptr;
}

const Expr *unwrapReferenceWrapper(const Expr *E) {
  E = ignoreWrappers(E);
  // std::ref(x), std::cref(x)
  if (const auto *Call = dyn_cast<CallExpr>(E))
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      if (Call->getNumArgs() == 1 &&
          hasQualifiedName(Callee, {"::std::ref", "::std::cref"}))
        return ignoreWrappers(Call->getArg(0));
  // A reference_wrapper constructed from x.
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    if (Construct->getNumArgs() == 1)
      return ignoreWrappers(Construct->getArg(0));
  return E;
}

bool isLaunchPolicy(const Expr *E) {
  const auto *Enum = E->getType()->getAs<EnumType>();
  return Enum && Enum->getDecl()->getName() == "launch";
}

class DeclRefCollector : public RecursiveASTVisitor<DeclRefCollector> {
public:
  explicit DeclRefCollector(const ValueDecl *D) : D(D) {}
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    Found |= E->getDecl() == D;
    return true;
  }
  bool VisitMemberExpr(MemberExpr *E) {
    Found |= E->getMemberDecl() == D;
    return true;
  }
  const ValueDecl *D;
  bool Found = false;
};

bool mentions(const Stmt *S, const ValueDecl *D) {
  if (S == nullptr)
    return false;
  DeclRefCollector Collector(D);
  Collector.TraverseStmt(const_cast<Stmt *>(S));
  return Collector.Found;
}

/// Finds calls that join `Owner`'s thread(s) inside a statement.
class JoinFinder : public RecursiveASTVisitor<JoinFinder> {
public:
  explicit JoinFinder(const ThreadOwner &Owner) : Owner(Owner) {}

  bool TraverseCXXForRangeStmt(CXXForRangeStmt *Loop) {
    // `for (auto &t : threads) t.join();`
    const ValueDecl *Saved = Element;
    if (Owner.Kind == ThreadOwner::Container &&
        mentions(Loop->getRangeInit(), Owner.Decl))
      Element = Loop->getLoopVariable();
    bool Result = RecursiveASTVisitor::TraverseCXXForRangeStmt(Loop);
    Element = Saved;
    return Result;
  }

  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee == nullptr || Callee->getIdentifier() == nullptr)
      return true;
    StringRef Name = Callee->getName();
    if (Name == "detach" || Name == "pthread_detach") {
      const Expr *Object =
          isa<CXXMemberCallExpr>(Call)
              ? cast<CXXMemberCallExpr>(Call)->getImplicitObjectArgument()
              : Call->getNumArgs() > 0 ? Call->getArg(0) : nullptr;
      if (Object && refersToOwner(Object) && Detach == nullptr)
        Detach = Call;
      return true;
    }
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
      if (Name != "join" && Name != "get" && Name != "wait" &&
          Name != "request_stop_and_join")
        return true;
      const Expr *Object = Member->getImplicitObjectArgument();
      if (Object && refersToOwner(Object))
        Joins.push_back(Call);
      return true;
    }
    if (Name == "pthread_join" && Call->getNumArgs() > 0 &&
        refersToOwner(Call->getArg(0)))
      Joins.push_back(Call);
    return true;
  }

  llvm::SmallVector<const Expr *, 2> Joins;
  const Expr *Detach = nullptr;

private:
  bool refersToOwner(const Expr *Object) {
    if (mentions(Object, Owner.Decl))
      return true;
    return Element != nullptr && mentions(Object, Element);
  }

  const ThreadOwner &Owner;
  const ValueDecl *Element = nullptr;
};

} // namespace

std::string recordName(QualType Type) {
  if (const CXXRecordDecl *Record = recordOf(Type))
    return Record->getQualifiedNameAsString();
  return {};
}

bool isOneOfTypes(QualType Type, llvm::ArrayRef<StringRef> Names) {
  const CXXRecordDecl *Record = recordOf(Type);
  if (Record == nullptr)
    return false;
  if (hasQualifiedName(Record, Names))
    return true;
  if (!Record->hasDefinition())
    return false;
  bool Derived = false;
  Record->forallBases([&](const CXXRecordDecl *Base) {
    Derived |= hasQualifiedName(Base, Names);
    return true;
  });
  return Derived;
}

bool isExactlyOneOfTypes(QualType Type, llvm::ArrayRef<StringRef> Names) {
  if (Type.isNull())
    return false;
  return hasQualifiedName(Type.getNonReferenceType()->getAsCXXRecordDecl(),
                          Names);
}

bool isJThreadType(QualType Type) {
  return isExactlyOneOfTypes(Type, {"::std::jthread"});
}

bool isThreadContainerType(QualType Type,
                           llvm::ArrayRef<StringRef> ThreadTypes) {
  if (Type.isNull())
    return false;
  Type = Type.getNonReferenceType().getCanonicalType();
  if (const auto *Array = dyn_cast<ArrayType>(Type.getTypePtr()))
    return isExactlyOneOfTypes(Array->getElementType(), ThreadTypes) ||
           isThreadContainerType(Array->getElementType(), ThreadTypes);
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      Type->getAsCXXRecordDecl());
  if (!Spec || !Spec->isInStdNamespace() || !Spec->getIdentifier())
    return false;
  static const llvm::StringRef Containers[] = {
      "vector", "deque", "list", "forward_list", "array", "map",
      "unordered_map", "multimap", "unordered_multimap"};
  if (!llvm::is_contained(Containers, Spec->getName()))
    return false;
  for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray())
    if (Arg.getKind() == TemplateArgument::Type &&
        (isExactlyOneOfTypes(Arg.getAsType(), ThreadTypes) ||
         isThreadContainerType(Arg.getAsType(), ThreadTypes)))
      return true;
  return false;
}

bool isPthreadType(QualType Type) {
  if (Type.isNull())
    return false;
  if (const auto *Typedef = Type->getAs<TypedefType>())
    return Typedef->getDecl()->getName() == "pthread_t";
  return false;
}

bool isCallTo(const CallExpr &Call, StringRef Name) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  return Callee && Callee->getDeclName().isIdentifier() &&
         Callee->getName() == Name &&
         Callee->getDeclContext()->getRedeclContext()->isTranslationUnit();
}

ThreadBody resolveThreadBody(const Expr *Callable) {
  ThreadBody Body;
  if (Callable == nullptr)
    return Body;
  // `&f`, and a construction that wraps the callable or copies it
  // (`std::function<void()>(lambda)`), run the same code.
  const Expr *E = ignoreWrappers(Callable);
  while (true) {
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
        Construct && Construct->getNumArgs() == 1)
      E = ignoreWrappers(Construct->getArg(0));
    else if (const auto *AddrOf = dyn_cast<UnaryOperator>(E);
             AddrOf && AddrOf->getOpcode() == UO_AddrOf)
      E = ignoreWrappers(AddrOf->getSubExpr());
    else
      break;
  }
  if (const auto *Lambda = dyn_cast<LambdaExpr>(E)) {
    Body.Lambda = Lambda;
    return Body;
  }
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  if (Ref == nullptr)
    return Body;
  if (const auto *Function = dyn_cast<FunctionDecl>(Ref->getDecl())) {
    Body.Function = Function;
    return Body;
  }
  // A variable holding a lambda: `auto work = [&] {...}; std::thread t(work)`,
  // or a const one at namespace scope.
  if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
    if ((Var->hasLocalStorage() || Var->getType().isConstQualified()) &&
        Var->getInit())
      if (const auto *Lambda =
              dyn_cast<LambdaExpr>(ignoreWrappers(Var->getInit())))
        Body.Lambda = Lambda;
  return Body;
}

const Stmt *ThreadBody::body() const {
  if (Lambda != nullptr)
    return Lambda->getBody();
  if (Function != nullptr && Function->hasBody())
    return Function->getBody();
  return nullptr;
}

const FunctionDecl *ThreadBody::bodyFunction() const {
  if (Lambda != nullptr)
    return Lambda->getCallOperator();
  if (Function != nullptr) {
    const FunctionDecl *Definition = nullptr;
    if (Function->hasBody(Definition))
      return Definition;
    return Function;
  }
  return nullptr;
}

namespace {

using ast_matchers::internal::ASTMatchFinder;
using ast_matchers::internal::BoundNodesTreeBuilder;

/// The test of threadStartMatcher. The rules are written as matchers, as
/// before; what made them costly was running them on every statement of
/// the unit (isDerivedFrom walks the bases of every constructed class).
/// Here a node is first filtered by class and argument count, and each
/// rule's verdict on a constructor, a callee or an object type is kept, so
/// that each declaration and type is matched once per unit.
class ThreadStartTest : public ast_matchers::internal::MatcherInterface<Stmt> {
public:
  explicit ThreadStartTest(const ThreadStartVocabulary &Vocabulary) {
    auto ThreadType = hasAnyName(Vocabulary.ThreadTypes);
    auto ThreadRecord =
        cxxRecordDecl(anyOf(ThreadType, isDerivedFrom(ThreadType)));
    // std::thread t(f, ...), std::jthread{...}: not a copy or move.
    ThreadConstructor = cxxConstructorDecl(
        ofClass(ThreadRecord),
        unless(anyOf(isCopyConstructor(), isMoveConstructor())));
    // threads.emplace_back(f, ...)
    EmplaceMethod =
        cxxMethodDecl(hasAnyName("emplace_back", "emplace", "emplace_front"));
    ThreadContainer = expr(hasType(hasUnqualifiedDesugaredType(
        recordType(hasDeclaration(classTemplateSpecializationDecl(
            hasTemplateArgument(0, refersToType(hasDeclaration(ThreadRecord)))))))));
    AsyncFunction = functionDecl(hasAnyName(Vocabulary.AsyncFunctions));
    PthreadCreate = functionDecl(hasName("::pthread_create"));
    GroupGo = cxxMethodDecl(hasAnyName("go", "try_go"),
                            ofClass(hasAnyName(Vocabulary.TaskGroupTypes)));
  }

  bool matches(const Stmt &S, ASTMatchFinder *Finder,
               BoundNodesTreeBuilder *) const override {
    if (&Finder->getASTContext() != MemoContext) {
      MemoContext = &Finder->getASTContext();
      Constructors.clear();
      Callees.clear();
      Containers.clear();
    }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(&S)) {
      const CXXConstructorDecl *Ctor = Construct->getConstructor();
      if (Construct->getNumArgs() < 1 || Ctor == nullptr)
        return false;
      auto [It, New] = Constructors.try_emplace(Ctor, false);
      if (New)
        It->second = test(ThreadConstructor, *Ctor, Finder);
      return It->second;
    }
    const auto *Call = dyn_cast<CallExpr>(&S);
    if (Call == nullptr || Call->getNumArgs() < 1)
      return false;
    const Decl *Callee = Call->getCalleeDecl();
    if (Callee == nullptr)
      return false;
    unsigned Kinds = calleeKinds(*Callee, Finder);
    if (Kinds == 0)
      return false;
    if ((Kinds & Async) ||
        ((Kinds & Pthread) && Call->getNumArgs() == 4))
      return true;
    const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
    if (Member == nullptr)
      return false;
    if (Kinds & Go)
      return true;
    const Expr *Object = Member->getImplicitObjectArgument();
    if (!(Kinds & Emplace) || Object == nullptr)
      return false;
    Object = Object->IgnoreParenImpCasts();
    auto [It, New] =
        Containers.try_emplace(Object->getType().getAsOpaquePtr(), false);
    if (New)
      It->second = test(ThreadContainer, *Object, Finder);
    return It->second;
  }

private:
  enum CalleeKind : unsigned { Async = 1, Pthread = 2, Emplace = 4, Go = 8 };

  template <class Node, class MatcherT>
  static bool test(const MatcherT &Matcher, const Node &N,
                   ASTMatchFinder *Finder) {
    BoundNodesTreeBuilder Scratch; // the rules bind nothing
    return Matcher.matches(N, Finder, &Scratch);
  }

  unsigned calleeKinds(const Decl &Callee, ASTMatchFinder *Finder) const {
    auto [It, New] = Callees.try_emplace(&Callee, 0);
    if (New)
      It->second = (test(AsyncFunction, Callee, Finder) ? Async : 0) |
                   (test(PthreadCreate, Callee, Finder) ? Pthread : 0) |
                   (test(EmplaceMethod, Callee, Finder) ? Emplace : 0) |
                   (test(GroupGo, Callee, Finder) ? Go : 0);
    return It->second;
  }

  ast_matchers::internal::Matcher<Decl> ThreadConstructor = anything();
  ast_matchers::internal::Matcher<Decl> EmplaceMethod = anything();
  ast_matchers::internal::Matcher<Expr> ThreadContainer = anything();
  ast_matchers::internal::Matcher<Decl> AsyncFunction = anything();
  ast_matchers::internal::Matcher<Decl> PthreadCreate = anything();
  ast_matchers::internal::Matcher<Decl> GroupGo = anything();
  /// The verdicts, for one unit.
  mutable const ASTContext *MemoContext = nullptr;
  mutable llvm::DenseMap<const Decl *, bool> Constructors;
  mutable llvm::DenseMap<const Decl *, unsigned> Callees;
  mutable llvm::DenseMap<void *, bool> Containers;
};

} // namespace

ast_matchers::internal::Matcher<Stmt>
threadStartMatcher(const ThreadStartVocabulary &Vocabulary) {
  return ast_matchers::internal::Matcher<Stmt>(new ThreadStartTest(Vocabulary));
}

void addThreadStartMatchers(MatchFinder &Finder,
                            const ThreadStartVocabulary &Vocabulary,
                            MatchFinder::MatchCallback *Check) {
  // One test (and its verdicts) for both node classes.
  ast_matchers::internal::Matcher<Stmt> Start = threadStartMatcher(Vocabulary);
  Finder.addMatcher(
      cxxConstructExpr(Start, unless(isExpansionInSystemHeader())).bind("start"),
      Check);
  Finder.addMatcher(
      callExpr(Start, unless(isExpansionInSystemHeader())).bind("start"),
      Check);
}

std::optional<ThreadStart>
classifyThreadStart(const Expr *E, const ThreadStartVocabulary &Vocabulary) {
  ThreadStart Start;
  Start.Spawn = E;
  llvm::ArrayRef<const Expr *> Args;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    if (Construct->getNumArgs() == 0 ||
        !isOneOfTypes(Construct->getType(), Vocabulary.ThreadTypes))
      return std::nullopt;
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    if (Ctor->isCopyOrMoveConstructor())
      return std::nullopt;
    Start.Kind = ThreadStart::ThreadObject;
    Start.ThreadType = Construct->getType()->getAsCXXRecordDecl();
    Args = llvm::ArrayRef(Construct->getArgs(), Construct->getNumArgs());
  } else if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (Method == nullptr || Member->getNumArgs() == 0)
      return std::nullopt;
    Args = llvm::ArrayRef(Member->getArgs(), Member->getNumArgs());
    if ((Method->getName() == "go" || Method->getName() == "try_go") &&
        hasQualifiedName(Method->getParent(), Vocabulary.TaskGroupTypes)) {
      Start.Kind = ThreadStart::GroupTask;
    } else {
      Start.ThreadType = elementThreadType(
          Member->getImplicitObjectArgument()->getType(),
          Vocabulary.ThreadTypes);
      if (Start.ThreadType == nullptr)
        return std::nullopt;
      // Emplacing a thread object moves it, it does not start one.
      if (isOneOfTypes(Args[0]->getType(), Vocabulary.ThreadTypes))
        return std::nullopt;
      Start.Kind = ThreadStart::Emplaced;
    }
  } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee == nullptr || Call->getNumArgs() == 0)
      return std::nullopt;
    Args = llvm::ArrayRef(Call->getArgs(), Call->getNumArgs());
    if (Callee->getName() == "pthread_create" && Args.size() == 4) {
      Start.Kind = ThreadStart::Pthread;
      Start.Callable = Args[2];
      Start.Arguments.push_back(Args[3]);
      static_cast<ThreadBody &>(Start) = resolveThreadBody(Start.Callable);
      return Start;
    }
    if (!hasQualifiedName(Callee, Vocabulary.AsyncFunctions))
      return std::nullopt;
    Start.Kind = ThreadStart::Async;
    if (isLaunchPolicy(Args[0]))
      Args = Args.drop_front();
    if (Args.empty())
      return std::nullopt;
  } else {
    return std::nullopt;
  }
  Start.Callable = Args[0];
  for (const Expr *Arg : Args.drop_front())
    Start.Arguments.push_back(Arg);
  static_cast<ThreadBody &>(Start) = resolveThreadBody(Start.Callable);
  return Start;
}

const ValueDecl *namedEntity(const Expr *E) {
  E = unwrapReferenceWrapper(E);
  if (const auto *AddrOf = dyn_cast<UnaryOperator>(E))
    if (AddrOf->getOpcode() == UO_AddrOf)
      E = ignoreWrappers(AddrOf->getSubExpr());
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return Ref->getDecl();
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    if (isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
      return Member->getMemberDecl();
  return nullptr;
}

const ValueDecl *outerEntity(const ThreadStart &Start, const ValueDecl *Inner) {
  if (Start.Lambda != nullptr) {
    if (const auto *Var = dyn_cast<VarDecl>(Inner))
      for (const LambdaCapture &Capture : Start.Lambda->captures())
        if (Capture.capturesVariable() && Capture.getCapturedVar() == Var)
          return Var;
    if (isa<FieldDecl>(Inner))
      return Inner; // this->member, through a captured `this`.
    return nullptr;
  }
  const auto *Param = dyn_cast<ParmVarDecl>(Inner);
  const FunctionDecl *Function = Start.bodyFunction();
  if (Param == nullptr || Function == nullptr)
    return nullptr;
  unsigned Index = Param->getFunctionScopeIndex();
  // A member function's first argument is its object.
  if (isa<CXXMethodDecl>(Function) &&
      !cast<CXXMethodDecl>(Function)->isStatic())
    ++Index;
  if (Start.Kind == ThreadStart::Pthread || Index >= Start.Arguments.size())
    return nullptr;
  return namedEntity(Start.Arguments[Index]);
}

bool isCapturedByReference(const LambdaExpr &Lambda, const ValueDecl *Var) {
  for (const LambdaCapture &Capture : Lambda.captures())
    if (Capture.capturesVariable() && Capture.getCapturedVar() == Var)
      return Capture.getCaptureKind() == LCK_ByRef;
  return false;
}

bool isBefore(SourceLocation A, SourceLocation B, const SourceManager &SM) {
  return SM.isBeforeInTranslationUnit(SM.getExpansionLoc(A),
                                      SM.getExpansionLoc(B));
}

bool isWithin(const Stmt *Inner, const Stmt *Outer, const SourceManager &SM) {
  if (Inner == nullptr || Outer == nullptr)
    return false;
  SourceLocation Begin = SM.getExpansionLoc(Inner->getBeginLoc());
  SourceLocation OuterBegin = SM.getExpansionLoc(Outer->getBeginLoc());
  SourceLocation OuterEnd = SM.getExpansionLoc(Outer->getEndLoc());
  return !SM.isBeforeInTranslationUnit(Begin, OuterBegin) &&
         !SM.isBeforeInTranslationUnit(OuterEnd, Begin);
}

const Decl *enclosingFunction(const Stmt *S, ASTContext &Context) {
  DynTypedNode Node = DynTypedNode::create(*S);
  while (true) {
    DynTypedNodeList Parents = parentsOf(Node, Context);
    if (Parents.empty())
      return nullptr;
    const DynTypedNode &Parent = Parents[0];
    if (const auto *Lambda = Parent.get<LambdaExpr>())
      return Lambda->getCallOperator();
    if (const auto *Function = Parent.get<FunctionDecl>())
      return Function;
    if (const auto *Block = Parent.get<BlockDecl>())
      return Block;
    Node = Parent;
  }
}

llvm::SmallVector<const Stmt *, 2> enclosingLoops(const Stmt *S,
                                                  ASTContext &Context) {
  llvm::SmallVector<const Stmt *, 2> Loops;
  DynTypedNode Node = DynTypedNode::create(*S);
  while (true) {
    DynTypedNodeList Parents = parentsOf(Node, Context);
    if (Parents.empty())
      return Loops;
    const DynTypedNode &Parent = Parents[0];
    if (Parent.get<LambdaExpr>() || Parent.get<FunctionDecl>() ||
        Parent.get<BlockDecl>())
      return Loops;
    if (const auto *Loop = Parent.get<Stmt>())
      if (isa<WhileStmt, DoStmt, ForStmt, CXXForRangeStmt>(Loop))
        Loops.push_back(Loop);
    Node = Parent;
  }
}

const Stmt *lifetimeScope(const VarDecl *Var, ASTContext &Context) {
  if (Var == nullptr || !Var->hasLocalStorage())
    return nullptr;
  if (const auto *Param = dyn_cast<ParmVarDecl>(Var)) {
    const auto *Function =
        dyn_cast_or_null<FunctionDecl>(Param->getParentFunctionOrMethod());
    return Function ? Function->getBody() : nullptr;
  }
  DynTypedNode Node = DynTypedNode::create(*Var);
  while (true) {
    DynTypedNodeList Parents = parentsOf(Node, Context);
    if (Parents.empty())
      return nullptr;
    const DynTypedNode &Parent = Parents[0];
    if (const auto *S = Parent.get<Stmt>())
      if (isa<CompoundStmt, ForStmt, CXXForRangeStmt, WhileStmt, IfStmt,
              SwitchStmt>(S))
        return S;
    if (Parent.get<FunctionDecl>() || Parent.get<LambdaExpr>())
      return nullptr;
    Node = Parent;
  }
}

ThreadOwner findThreadOwner(const ThreadStart &Start, ASTContext &Context,
                            const ThreadStartVocabulary &Vocabulary) {
  ThreadOwner Owner;
  auto OwnerOf = [&](const ValueDecl *D, ThreadOwner::OwnerKind Kind) {
    Owner.Kind = Kind;
    Owner.Decl = D;
    if (D != nullptr) {
      QualType Type = D->getType();
      const CXXRecordDecl *Element =
          elementThreadType(Type, Vocabulary.AutoJoiningTypes);
      Owner.JoinsOnDestruction =
          isOneOfTypes(Type, Vocabulary.AutoJoiningTypes) || Element;
    }
    return Owner;
  };

  switch (Start.Kind) {
  case ThreadStart::Emplaced:
  case ThreadStart::GroupTask: {
    const auto *Call = cast<CXXMemberCallExpr>(Start.Spawn);
    const ValueDecl *Holder = namedEntity(Call->getImplicitObjectArgument());
    if (Holder == nullptr)
      return Owner;
    auto Kind = isa<FieldDecl>(Holder) ? ThreadOwner::Member
                : Start.Kind == ThreadStart::Emplaced
                    ? ThreadOwner::Container
                    : ThreadOwner::Variable;
    return OwnerOf(Holder, Kind);
  }
  case ThreadStart::Pthread: {
    const ValueDecl *Id =
        namedEntity(cast<CallExpr>(Start.Spawn)->getArg(0));
    if (Id == nullptr)
      return Owner;
    return OwnerOf(Id, isa<FieldDecl>(Id) ? ThreadOwner::Member
                                         : ThreadOwner::Variable);
  }
  default:
    break;
  }

  // Walk up from the spawn to what receives the new thread (or future).
  DynTypedNode Node = DynTypedNode::create(*Start.Spawn);
  while (true) {
    DynTypedNodeList Parents = parentsOf(Node, Context);
    if (Parents.empty())
      return Owner;
    const DynTypedNode &Parent = Parents[0];
    if (const auto *Var = Parent.get<VarDecl>())
      return OwnerOf(Var, ThreadOwner::Variable);
    const auto *E = Parent.get<Expr>();
    if (E == nullptr) {
      if (Parent.get<ReturnStmt>())
        return OwnerOf(nullptr, ThreadOwner::Returned);
      // A discarded std::async future blocks in its destructor right here;
      // other async functions (a scheduler's `schedule`) fire and forget.
      if (Start.Kind == ThreadStart::Async && Parent.get<Stmt>() &&
          isOneOfTypes(Start.Spawn->getType(), Vocabulary.AutoJoiningTypes))
        return OwnerOf(nullptr, ThreadOwner::JoinedAtOnce);
      return Owner;
    }
    if (isa<ParenExpr, ImplicitCastExpr, MaterializeTemporaryExpr,
            CXXBindTemporaryExpr, ExprWithCleanups, CXXFunctionalCastExpr>(E) ||
        (isa<CXXConstructExpr>(E) &&
         cast<CXXConstructExpr>(E)->getConstructor()->isCopyOrMoveConstructor())) {
      Node = Parent;
      continue;
    }
    if (const auto *Member = dyn_cast<MemberExpr>(E)) {
      // std::thread(...).detach() / .join()
      StringRef Name = Member->getMemberDecl()->getName();
      if (Name == "detach") {
        Owner.Kind = ThreadOwner::Detached;
        Owner.DetachCall = Member;
        return Owner;
      }
      if (Name == "join" || Name == "get" || Name == "wait")
        return OwnerOf(nullptr, ThreadOwner::JoinedAtOnce);
      return Owner;
    }
    if (const auto *Assign = dyn_cast<CXXOperatorCallExpr>(E)) {
      if (Assign->getOperator() == OO_Equal && Assign->getNumArgs() == 2) {
        const ValueDecl *Target = namedEntity(Assign->getArg(0));
        if (Target == nullptr)
          return Owner;
        return OwnerOf(Target, isa<FieldDecl>(Target) ? ThreadOwner::Member
                                                      : ThreadOwner::Variable);
      }
      return Owner;
    }
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
      // threads.push_back(std::thread(...))
      StringRef Name = Call->getMethodDecl() ? Call->getMethodDecl()->getName()
                                             : StringRef();
      if (Name == "push_back" || Name == "emplace_back" || Name == "insert" ||
          Name == "emplace" || Name == "push") {
        const ValueDecl *Holder =
            namedEntity(Call->getImplicitObjectArgument());
        if (Holder == nullptr)
          return Owner;
        return OwnerOf(Holder, isa<FieldDecl>(Holder) ? ThreadOwner::Member
                                                      : ThreadOwner::Container);
      }
      return Owner;
    }
    return Owner;
  }
}

llvm::SmallVector<const Expr *, 2> findJoins(const ThreadOwner &Owner,
                                             const Stmt *Scope,
                                             ASTContext &Context) {
  if (Owner.Decl == nullptr || Scope == nullptr)
    return {};
  JoinFinder Finder(Owner);
  Finder.TraverseStmt(const_cast<Stmt *>(Scope));
  llvm::sort(Finder.Joins, [&](const Expr *A, const Expr *B) {
    return isBefore(A->getBeginLoc(), B->getBeginLoc(),
                    Context.getSourceManager());
  });
  return Finder.Joins;
}

const Expr *findDetach(const ThreadOwner &Owner, const Stmt *Scope) {
  if (Owner.Decl == nullptr || Scope == nullptr)
    return nullptr;
  JoinFinder Finder(Owner);
  Finder.TraverseStmt(const_cast<Stmt *>(Scope));
  return Finder.Detach;
}

} // namespace clang::tidy::conc::analysis
