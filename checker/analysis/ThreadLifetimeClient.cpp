//===--- ThreadLifetimeClient.cpp - conc-tidy -----------------------------===//
//
// Part of conc. Follows thread objects through the shared flow analysis.
//
//===----------------------------------------------------------------------===//

#include "ThreadLifetimeClient.h"
#include "ThreadBodies.h"
#include "CompletionFlags.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::conc::analysis {

using analysis::FlowState;
using analysis::ObjectFacts;
using analysis::stateBit;
using analysis::TrackedObject;
using analysis::TransferContext;

namespace {

/// Every element of the container is joined in this loop body.
class ElementJoinFinder : public RecursiveASTVisitor<ElementJoinFinder> {
public:
  explicit ElementJoinFinder(llvm::function_ref<bool(const Expr *)> IsElement)
      : IsElement(IsElement) {}
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (Method && Method->getIdentifier() &&
        (Method->getName() == "join" || Method->getName() == "detach") &&
        IsElement(Call->getImplicitObjectArgument()))
      Found = true;
    return !Found;
  }
  bool VisitCallExpr(CallExpr *Call) {
    // pthread_join(ids[i], ...)
    if ((isCallTo(*Call, "pthread_join") || isCallTo(*Call, "pthread_detach")) &&
        Call->getNumArgs() > 0 && IsElement(Call->getArg(0)))
      Found = true;
    return !Found;
  }
  bool Found = false;

private:
  llvm::function_ref<bool(const Expr *)> IsElement;
};

bool refersTo(const Expr *E, const VarDecl *Var) {
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(ignoreWrappers(E));
  return Ref && Ref->getDecl() == Var;
}

} // namespace

ThreadObjectKind ThreadLifetimeClient::kindOf(QualType T) const {
  if (isExactlyOneOfTypes(T, ThreadTypes))
    return ThreadObjectKind::Thread;
  if (isThreadContainerType(T, ThreadTypes))
    return ThreadObjectKind::Container;
  if (isPthreadType(T))
    return ThreadObjectKind::Pthread;
  return ThreadObjectKind::None;
}

ThreadObjectKind ThreadLifetimeClient::kindOf(const TrackedObject &O) const {
  const ValueDecl *D = O.Member ? O.Member : O.Base;
  if (!D)
    return ThreadObjectKind::None;
  QualType T = D->getType();
  // A pointer parameter `std::thread *t` stands for its pointee.
  if (!O.Member && isa<ParmVarDecl>(D) && T->isPointerType())
    T = T->getPointeeType();
  return kindOf(T);
}

std::optional<TrackedObject>
ThreadLifetimeClient::containerOfElement(const Expr *E) {
  E = ignoreWrappers(E);
  if (!E)
    return std::nullopt;
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E))
    return TrackedObject::fromExpr(Subscript->getBase());
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Op->getOperator() == OO_Subscript && Op->getNumArgs() > 0)
      return TrackedObject::fromExpr(Op->getArg(0));
    return std::nullopt;
  }
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *M = Call->getMethodDecl();
    if (M && M->getIdentifier() &&
        (M->getName() == "at" || M->getName() == "front" ||
         M->getName() == "back"))
      return TrackedObject::fromExpr(Call->getImplicitObjectArgument());
    return std::nullopt;
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl())) {
      auto It = RangeVariables.find(Var);
      if (It != RangeVariables.end())
        return It->second;
    }
  return std::nullopt;
}

void ThreadLifetimeClient::scanJoinLoops(const FunctionDecl &Function) {
  if (!Scanned.insert(&Function).second || !Function.getBody())
    return;
  struct LoopVisitor : RecursiveASTVisitor<LoopVisitor> {
    ThreadLifetimeClient &Client;
    explicit LoopVisitor(ThreadLifetimeClient &C) : Client(C) {}
    bool VisitCXXForRangeStmt(CXXForRangeStmt *Loop) {
      std::optional<TrackedObject> Container =
          TrackedObject::fromExpr(Loop->getRangeInit());
      const VarDecl *Element = Loop->getLoopVariable();
      if (!Container || !Element ||
          Client.kindOf(*Container) != ThreadObjectKind::Container)
        return true;
      Client.RangeVariables[Element] = *Container;
      auto IsElement = [&](const Expr *E) { return refersTo(E, Element); };
      ElementJoinFinder Finder(IsElement);
      Finder.TraverseStmt(Loop->getBody());
      if (Finder.Found && Loop->getRangeStmt())
        Client.JoinLoops[Loop->getRangeStmt()] = *Container;
      return true;
    }
    bool VisitForStmt(ForStmt *Loop) {
      if (!Loop->getInit())
        return true;
      std::optional<TrackedObject> Joined;
      auto IsElement = [&](const Expr *E) {
        const Expr *Element = ignoreWrappers(E);
        // `it->join()`: the iterator's pointee.
        if (const auto *Arrow = dyn_cast<CXXOperatorCallExpr>(Element))
          if (Arrow->getOperator() == OO_Arrow || Arrow->getOperator() == OO_Star)
            return true;
        if (auto C = Client.containerOfElement(Element)) {
          if (Client.kindOf(*C) == ThreadObjectKind::Container) {
            Joined = C;
            return true;
          }
        }
        return false;
      };
      ElementJoinFinder Finder(IsElement);
      Finder.TraverseStmt(Loop->getBody());
      if (Finder.Found && Joined)
        Client.JoinLoops[Loop->getInit()] = *Joined;
      return true;
    }
  };
  LoopVisitor Visitor(*this);
  Visitor.TraverseStmt(Function.getBody());
}

void ThreadLifetimeClient::initialize(const Decl &Function, FlowState &Entry) {
  if (const auto *FD = dyn_cast<FunctionDecl>(&Function))
    scanJoinLoops(*FD);
  if (MemberSeed) {
    for (const FlowState::Entry &E : MemberSeed->objects())
      Entry.setFacts(E.first, E.second);
    MemberSeed.reset();
  }
}

ObjectFacts ThreadLifetimeClient::factsOf(const Expr *Source,
                                          const Stmt &Origin,
                                          FlowState &State) {
  ObjectFacts Facts;
  auto Just = [&](ThreadState S) {
    Facts.States = stateBit(S);
    Facts.Origins[S] = &Origin;
    return Facts;
  };
  Source = ignoreWrappers(Source);
  if (!Source)
    return Just(Empty);
  if (auto It = MovedFacts.find(Source); It != MovedFacts.end())
    return It->second;
  if (std::optional<TrackedObject> From = TrackedObject::fromExpr(Source)) {
    if (const ObjectFacts *F = State.lookup(*From)) {
      Facts = *F;
      State.set(*From, MovedFrom, &Origin);
      return Facts;
    }
    // Taken from an object we do not follow: someone else's business.
    return Just(Escaped);
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Source)) {
    if (Construct->getNumArgs() == 0 ||
        isa<CXXDefaultArgExpr>(Construct->getArg(0)))
      return Just(Empty);
    if (Construct->getConstructor()->isCopyOrMoveConstructor())
      return factsOf(Construct->getArg(0), Origin, State);
    return Just(Joinable);
  }
  if (isa<InitListExpr, CXXScalarValueInitExpr, ImplicitValueInitExpr>(Source))
    return Just(Empty);
  // A call's result (`std::thread t = start();`): a running thread.
  if (isa<CallExpr>(Source))
    return Just(Joinable);
  return Just(Escaped);
}

void ThreadLifetimeClient::onDeclStmt(const DeclStmt &DS, TransferContext &Ctx) {
  for (const Decl *D : DS.decls()) {
    const auto *Var = dyn_cast<VarDecl>(D);
    if (!Var || !Var->hasLocalStorage() || Var->getType()->isReferenceType())
      continue;
    TrackedObject Object{Var, nullptr};
    const Expr *Init = Var->getInit();
    switch (kindOf(Var->getType())) {
    case ThreadObjectKind::Thread: {
      ObjectFacts Facts = factsOf(Init, DS, Ctx.state());
      Ctx.state().setFacts(Object, Facts);
      break;
    }
    case ThreadObjectKind::Container: {
      const Expr *Source = ignoreWrappers(Init);
      if (Source && (TrackedObject::fromExpr(Source) ||
                     MovedFacts.count(Source)))
        Ctx.state().setFacts(Object, factsOf(Source, DS, Ctx.state()));
      else
        Ctx.state().set(Object, Empty, &DS);
      break;
    }
    case ThreadObjectKind::Pthread:
      if (Init)
        escape(Init, Ctx);
      break;
    case ThreadObjectKind::None:
      if (Init) {
        // int rc = pthread_create(&t, ...);
        if (const auto *Call = dyn_cast_or_null<CallExpr>(ignoreWrappers(Init)))
          if (isCallTo(*Call, "pthread_create") && Call->getNumArgs() > 0)
            if (auto Handle = TrackedObject::fromExpr(Call->getArg(0)))
              CreateResults[Var] = *Handle;
        escape(Init, Ctx);
      }
      break;
    }
  }
}

void ThreadLifetimeClient::onConstruct(const CXXConstructExpr &Construct,
                                       TransferContext &Ctx) {
  if (Construct.getNumArgs() == 0)
    return;
  const CXXConstructorDecl *Ctor = Construct.getConstructor();
  if (Ctor->isCopyOrMoveConstructor()) {
    std::optional<TrackedObject> From =
        TrackedObject::fromExpr(Construct.getArg(0));
    if (!From)
      return;
    if (const ObjectFacts *F = Ctx.state().lookup(*From)) {
      MovedFacts[&Construct] = *F;
      // A copy of a pthread handle in a struct is a copy, not a move.
      Ctx.state().set(*From, MovedFrom, &Construct);
    }
    return;
  }
  // Arguments bound to non-const references of a constructor escape.
  for (unsigned I = 0; I < Construct.getNumArgs() && I < Ctor->getNumParams();
       ++I) {
    QualType P = Ctor->getParamDecl(I)->getType();
    if ((P->isReferenceType() && !P.getNonReferenceType().isConstQualified()) ||
        P->isPointerType())
      escape(Construct.getArg(I), Ctx);
  }
}

void ThreadLifetimeClient::escape(const Expr *E, TransferContext &Ctx) {
  std::optional<TrackedObject> Object = TrackedObject::fromExpr(E);
  if (Object && Ctx.state().isTracked(*Object))
    Ctx.state().set(*Object, Escaped, E);
}

void ThreadLifetimeClient::onMemberCall(const CXXMemberCallExpr &Call,
                                        TransferContext &Ctx) {
  const CXXMethodDecl *Method = Call.getMethodDecl();
  if (!Method || !Method->getIdentifier())
    return;
  StringRef Name = Method->getName();
  const Expr *ObjectExpr = Call.getImplicitObjectArgument();
  std::optional<TrackedObject> Object = TrackedObject::fromExpr(ObjectExpr);
  FlowState &State = Ctx.state();

  if (Object && State.isTracked(*Object)) {
    switch (kindOf(*Object)) {
    case ThreadObjectKind::Thread:
      if (Name == "join")
        State.set(*Object, Joined, &Call);
      else if (Name == "detach")
        State.set(*Object, Detached, &Call);
      else if (Name == "swap" && Call.getNumArgs() == 1) {
        std::optional<TrackedObject> Other =
            TrackedObject::fromExpr(Call.getArg(0));
        const ObjectFacts *Mine = State.lookup(*Object);
        const ObjectFacts *Theirs = Other ? State.lookup(*Other) : nullptr;
        ObjectFacts A = *Mine;
        if (Theirs) {
          ObjectFacts B = *Theirs;
          State.setFacts(*Object, B);
          State.setFacts(*Other, A);
        } else {
          State.set(*Object, Escaped, &Call);
        }
      }
      return;
    case ThreadObjectKind::Container:
      if (Name.starts_with("emplace") || Name.starts_with("push_") ||
          Name == "insert" || Name == "try_emplace" ||
          Name == "insert_or_assign")
        State.set(*Object, Joinable, &Call);
      else if (Name == "swap")
        State.set(*Object, Escaped, &Call);
      return;
    default:
      return;
    }
  }
  // `v[i].join()` outside a join loop joins one thread of v: v is still
  // followed as a whole. A method of the analysed class may join members.
  if (isa<CXXThisExpr>(ignoreWrappers(ObjectExpr)))
    onMethodOfThisClass(Call, Ctx);
}

void ThreadLifetimeClient::onMethodOfThisClass(const CXXMemberCallExpr &Call,
                                               TransferContext &Ctx) {
  // Only members are affected: collect the ones we follow.
  FlowState Members;
  for (const FlowState::Entry &E : Ctx.state().objects())
    if (isa<FieldDecl>(E.first.Base))
      Members.setFacts(E.first, E.second);
  if (Members.objects().empty())
    return;
  const CXXMethodDecl *Method = Call.getMethodDecl();
  const FunctionDecl *Definition = Method ? Method->getDefinition() : nullptr;
  if (!Definition || !Definition->hasBody() || MethodDepth >= 3) {
    // An unseen method may join them: no longer ours to judge.
    for (const FlowState::Entry &E : Members.objects())
      Ctx.state().set(E.first, Escaped, &Call);
    return;
  }
  ++MethodDepth;
  seedMembers(Members);
  analysis::FlowResult R =
      analysis::runTrackedObjectFlow(*Definition, AST, *this, Ctx.summaries());
  --MethodDepth;
  for (const FlowState::Entry &E : Members.objects()) {
    const ObjectFacts *After = R.Complete ? R.AtReturn.lookup(E.first) : nullptr;
    if (!R.Complete) {
      Ctx.state().set(E.first, Escaped, &Call);
    } else if (!After) {
      Ctx.state().set(E.first, Joined, &Call);
    } else {
      ObjectFacts Facts = *After;
      for (unsigned S = 0; S < NumThreadStates; ++S)
        if (Facts.has(S) && !Facts.Origins[S])
          Facts.Origins[S] = E.second.Origins[S];
      Ctx.state().setFacts(E.first, Facts);
    }
  }
}

void ThreadLifetimeClient::onAssignment(const Expr &Assignment,
                                        const Expr *LHS, const Expr *RHS,
                                        TransferContext &Ctx) {
  FlowState &State = Ctx.state();
  std::optional<TrackedObject> Target = TrackedObject::fromExpr(LHS);
  if (Target && kindOf(*Target) == ThreadObjectKind::Thread &&
      (State.isTracked(*Target) || Target->isLocalVariable())) {
    Ctx.exit(*Target, analysis::ExitKind::Reassignment, Assignment);
    State.setFacts(*Target, factsOf(RHS, Assignment, State));
    return;
  }
  if (Target && kindOf(*Target) == ThreadObjectKind::Container &&
      State.isTracked(*Target)) {
    State.setFacts(*Target, factsOf(RHS, Assignment, State));
    return;
  }
  // `v[i] = std::thread(...)`: the container holds a running thread.
  if (std::optional<TrackedObject> Container = containerOfElement(LHS))
    if (State.isTracked(*Container)) {
      State.set(*Container, Joinable, &Assignment);
      escape(RHS, Ctx);
      return;
    }
  // Anything else receiving a tracked object takes it.
  std::optional<TrackedObject> Source = TrackedObject::fromExpr(RHS);
  if (Source && State.isTracked(*Source))
    State.set(*Source, kindOf(*Source) == ThreadObjectKind::Pthread ? Escaped
                                                                    : MovedFrom,
              &Assignment);
}

void ThreadLifetimeClient::onCall(const CallExpr &Call, TransferContext &Ctx) {
  FlowState &State = Ctx.state();
  auto Arg = [&](unsigned I) -> std::optional<TrackedObject> {
    if (I >= Call.getNumArgs())
      return std::nullopt;
    return TrackedObject::fromExpr(Call.getArg(I));
  };
  if (isCallTo(Call, "pthread_attr_setdetachstate") && Call.getNumArgs() == 2) {
    const auto *Mode = dyn_cast<DeclRefExpr>(ignoreWrappers(Call.getArg(1)));
    if (auto Attr = Arg(0);
        Attr && Mode && Mode->getDecl()->getName() == "PTHREAD_CREATE_DETACHED")
      DetachedAttributes.insert(Attr->Base);
    return;
  }
  if (isCallTo(Call, "pthread_create")) {
    auto Handle = Arg(0);
    if (!Handle || !Handle->isLocalVariable())
      return;
    // Created detached: conc-leaked-thread's business, never joinable.
    auto Attr = Arg(1);
    bool Detach = Attr && DetachedAttributes.count(Attr->Base);
    State.set(*Handle, Detach ? Detached : Joinable, &Call);
    return;
  }
  if (isCallTo(Call, "pthread_join")) {
    if (auto Handle = Arg(0); Handle && State.isTracked(*Handle))
      State.set(*Handle, Joined, &Call);
    return;
  }
  if (isCallTo(Call, "pthread_detach")) {
    if (auto Handle = Arg(0); Handle && State.isTracked(*Handle))
      State.set(*Handle, Detached, &Call);
    return;
  }
  if (const FunctionDecl *Callee = Call.getDirectCallee()) {
    StringRef Name = Callee->getIdentifier() ? Callee->getName() : "";
    // std::move and std::forward only name the object for its next user.
    if (Callee->isInStdNamespace() && (Name == "move" || Name == "forward"))
      return;
    // pthread functions that neither join nor keep the handle.
    if (Name.starts_with("pthread_") && !Callee->hasBody())
      return;
    if (Callee->isInStdNamespace() && Name == "swap" && Call.getNumArgs() == 2) {
      auto A = Arg(0), B = Arg(1);
      const ObjectFacts *FA = A ? State.lookup(*A) : nullptr;
      const ObjectFacts *FB = B ? State.lookup(*B) : nullptr;
      if (FA && FB) {
        ObjectFacts Old = *FA;
        State.setFacts(*A, *FB);
        State.setFacts(*B, Old);
      } else {
        escape(Call.getArg(0), Ctx);
        escape(Call.getArg(1), Ctx);
      }
      return;
    }
    // std::for_each(v.begin(), v.end(), <joins its argument>)
    if (Callee->isInStdNamespace() && Name == "for_each" &&
        Call.getNumArgs() == 3) {
      if (const auto *Begin =
              dyn_cast<CXXMemberCallExpr>(ignoreWrappers(Call.getArg(0))))
        if (auto Container =
                TrackedObject::fromExpr(Begin->getImplicitObjectArgument()))
          if (State.isTracked(*Container)) {
            State.set(*Container, Joined, &Call);
            return;
          }
    }
  }
  // What the callee does with each tracked argument.
  if (Ctx.summaries() && Ctx.summaries()->applyCallSummary(Call, State))
    return;
  const FunctionDecl *Callee = Call.getDirectCallee();
  unsigned Shift =
      isa<CXXOperatorCallExpr>(Call) && isa_and_nonnull<CXXMethodDecl>(Callee)
          ? 1
          : 0;
  for (unsigned I = Shift; I < Call.getNumArgs(); ++I) {
    std::optional<TrackedObject> Object = Arg(I);
    if (!Object || !State.isTracked(*Object))
      continue;
    unsigned Param = I - Shift;
    if (!Callee || Param >= Callee->getNumParams()) {
      State.set(*Object, Escaped, &Call);
      continue;
    }
    QualType P = Callee->getParamDecl(Param)->getType();
    bool IsPthread = kindOf(*Object) == ThreadObjectKind::Pthread;
    if (P->isRValueReferenceType())
      State.set(*Object, MovedFrom, &Call);
    else if (IsPthread ||
             (P->isReferenceType() &&
              !P.getNonReferenceType().isConstQualified()) ||
             P->isPointerType())
      State.set(*Object, Escaped, &Call);
  }
}

std::optional<bool>
ThreadLifetimeClient::completionValue(const FieldDecl &Flag) {
  if (auto It = CompletionFlags.find(&Flag); It != CompletionFlags.end())
    return It->second;
  analysis::FlagWriters Writers = analysis::collectFlagWriters(Flag);
  const auto *Record = dyn_cast<CXXRecordDecl>(Flag.getParent());
  llvm::SmallVector<const FieldDecl *, 2> Members;
  if (Record)
    for (const FieldDecl *Field : Record->fields())
      if (!Field->getType()->isReferenceType() &&
          !Field->getType()->isPointerType() &&
          (kindOf(Field->getType()) == ThreadObjectKind::Thread ||
           kindOf(Field->getType()) == ThreadObjectKind::Container))
        Members.push_back(Field);
  // Too deep, or inside the verification of another flag: not proven
  // here, but not judged for good either.
  if (MethodDepth >= 3 || VerifiedFlag != nullptr)
    return std::nullopt;
  if (!Writers.Value || Members.empty()) {
    CompletionFlags[&Flag] = std::nullopt;
    return std::nullopt;
  }
  // Proven while it is being verified: a test of the flag inside a writer
  // is reached with the flag set only after an earlier complete call.
  CompletionFlags[&Flag] = Writers.Value;
  VerifiedFlag = &Flag;
  VerifiedValue = *Writers.Value;
  VerifiedMembers = Members;
  bool Proven = true;
  for (const FunctionDecl *Writer : Writers.Methods) {
    // The members start with no thread; the write makes them joinable, so
    // what is joinable at the return is what a path through the write
    // left unjoined.
    FlowState Seed;
    for (const FieldDecl *Field : Members)
      Seed.set(TrackedObject{Field, nullptr}, Empty, nullptr);
    ++MethodDepth;
    seedMembers(Seed);
    analysis::FlowResult R = analysis::runTrackedObjectFlow(*Writer, AST, *this);
    --MethodDepth;
    MemberSeed.reset();
    Proven = R.Complete &&
             llvm::none_of(Members, [&](const FieldDecl *Field) {
               return R.AtReturn.has(TrackedObject{Field, nullptr}, Joinable);
             });
    if (!Proven)
      break;
  }
  VerifiedFlag = nullptr;
  VerifiedMembers.clear();
  if (!Proven)
    CompletionFlags[&Flag] = std::nullopt;
  return CompletionFlags[&Flag];
}

void ThreadLifetimeClient::transfer(const Stmt &S, TransferContext &Ctx) {
  if (VerifiedFlag)
    if (auto Write = analysis::matchFlagWrite(S);
        Write && Write->Flag == VerifiedFlag && Write->Value == VerifiedValue)
      for (const FieldDecl *Field : VerifiedMembers)
        Ctx.state().set(TrackedObject{Field, nullptr}, Joinable, &S);
  if (auto It = JoinLoops.find(&S); It != JoinLoops.end())
    if (Ctx.state().isTracked(It->second))
      Ctx.state().set(It->second, Joined, &S);

  if (const auto *DS = dyn_cast<DeclStmt>(&S)) {
    onDeclStmt(*DS, Ctx);
    return;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(&S)) {
    onConstruct(*Construct, Ctx);
    return;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&S)) {
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
      onAssignment(*Op, Op->getArg(0), Op->getArg(1), Ctx);
      return;
    }
    onCall(*Op, Ctx);
    return;
  }
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(&S)) {
    onMemberCall(*Member, Ctx);
    // Its arguments (`v.push_back(std::move(t))`) go to the callee; swap
    // was handled whole.
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (!(Method && Method->getIdentifier() && Method->getName() == "swap"))
      onCall(*Member, Ctx);
    return;
  }
  if (const auto *Call = dyn_cast<CallExpr>(&S)) {
    onCall(*Call, Ctx);
    return;
  }
  if (const auto *Assign = dyn_cast<BinaryOperator>(&S)) {
    if (Assign->getOpcode() == BO_Assign) {
      // rc = pthread_create(&t, ...)
      if (const auto *Call = dyn_cast<CallExpr>(ignoreWrappers(Assign->getRHS())))
        if (isCallTo(*Call, "pthread_create") && Call->getNumArgs() > 0)
          if (auto Handle = TrackedObject::fromExpr(Call->getArg(0)))
            if (auto Result = TrackedObject::fromExpr(Assign->getLHS()))
              if (const auto *Var = dyn_cast<VarDecl>(Result->Base))
                CreateResults[Var] = *Handle;
      onAssignment(*Assign, Assign->getLHS(), Assign->getRHS(), Ctx);
    }
    return;
  }
  if (const auto *AddrOf = dyn_cast<UnaryOperator>(&S)) {
    if (AddrOf->getOpcode() == UO_AddrOf)
      escape(AddrOf->getSubExpr(), Ctx);
    return;
  }
  if (const auto *Return = dyn_cast<ReturnStmt>(&S)) {
    // Returned: the caller owns it now.
    if (auto Object = TrackedObject::fromExpr(Return->getRetValue()))
      Ctx.state().erase(*Object);
    return;
  }
  if (const auto *Lambda = dyn_cast<LambdaExpr>(&S)) {
    for (const LambdaCapture &Capture : Lambda->captures()) {
      if (!Capture.capturesVariable())
        continue;
      const auto *Var = dyn_cast<VarDecl>(Capture.getCapturedVar());
      TrackedObject Object{Var, nullptr};
      if (!Var || !Ctx.state().isTracked(Object))
        continue;
      if (Capture.getCaptureKind() == LCK_ByRef ||
          kindOf(Object) == ThreadObjectKind::Pthread)
        Ctx.state().set(Object, Escaped, Lambda);
    }
    return;
  }
  if (const auto *Init = dyn_cast<InitListExpr>(&S)) {
    for (const Expr *E : Init->inits())
      if (auto Object = TrackedObject::fromExpr(E);
          Object && Ctx.state().isTracked(*Object))
        Ctx.state().set(*Object,
                        kindOf(*Object) == ThreadObjectKind::Pthread ? Escaped
                                                                     : MovedFrom,
                        Init);
    return;
  }
}

void ThreadLifetimeClient::refineOnBranch(const Expr &Condition, bool Value,
                                          FlowState &State) {
  // if (stopped_) return; where stopped_ is a completion flag: on the edge
  // where it is set, an earlier call joined every thread member.
  if (auto Test = analysis::matchFlagTest(Condition)) {
    bool FlagValue = Value == Test->TrueWhenFlagIs;
    std::optional<bool> Done = completionValue(*Test->Flag);
    if (Done && *Done == FlagValue) {
      llvm::SmallVector<TrackedObject, 2> Members;
      for (const FlowState::Entry &E : State.objects())
        if (isa<FieldDecl>(E.first.Base) && !E.first.Member &&
            E.first.Base->getDeclContext() == Test->Flag->getParent())
          Members.push_back(E.first);
      for (const TrackedObject &Member : Members)
        State.remove(Member, stateBit(Joinable));
    }
    return;
  }
  const Expr *Cond = ignoreWrappers(&Condition);
  while (const auto *Not = dyn_cast<UnaryOperator>(Cond)) {
    if (Not->getOpcode() != UO_LNot)
      break;
    Value = !Value;
    Cond = ignoreWrappers(Not->getSubExpr());
  }
  // if (t.joinable())
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Cond)) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (Method && Method->getIdentifier() && Method->getName() == "joinable")
      if (auto Object =
              TrackedObject::fromExpr(Call->getImplicitObjectArgument());
          Object && State.isTracked(*Object)) {
        if (Value)
          State.remove(*Object, stateBit(Empty) | stateBit(Joined) |
                                    stateBit(Detached) | stateBit(MovedFrom));
        else
          State.remove(*Object, stateBit(Joinable));
      }
    return;
  }
  // if (pthread_create(&t, ...) != 0), if (rc), if (rc == 0): t exists only
  // when the result is zero.
  bool NonZero = Value;
  if (const auto *Compare = dyn_cast<BinaryOperator>(Cond)) {
    if (!Compare->isEqualityOp())
      return;
    const Expr *Other = ignoreWrappers(Compare->getRHS());
    Cond = ignoreWrappers(Compare->getLHS());
    auto IsZero = [&](const Expr *E) {
      Expr::EvalResult Value;
      return !E->isValueDependent() &&
             E->getType()->isIntegralOrEnumerationType() &&
             E->EvaluateAsInt(Value, AST) && Value.Val.getInt() == 0;
    };
    if (!IsZero(Other)) {
      std::swap(Cond, Other);
      if (!IsZero(Other))
        return;
    }
    NonZero = Compare->getOpcode() == BO_NE ? Value : !Value;
  }
  std::optional<TrackedObject> Handle;
  if (const auto *Call = dyn_cast<CallExpr>(Cond)) {
    if (isCallTo(*Call, "pthread_create") && Call->getNumArgs() > 0)
      Handle = TrackedObject::fromExpr(Call->getArg(0));
  } else if (const auto *Ref = dyn_cast<DeclRefExpr>(Cond)) {
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      if (auto It = CreateResults.find(Var); It != CreateResults.end())
        Handle = It->second;
  }
  if (Handle && NonZero)
    State.erase(*Handle);
}

} // namespace clang::tidy::conc::analysis
