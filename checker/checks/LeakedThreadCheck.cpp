//===--- LeakedThreadCheck.cpp - conc-tidy --------------------------------===//
//
// Part of conc. Go's rule: every goroutine has an owner and a way to stop.
//
//===----------------------------------------------------------------------===//

#include "LeakedThreadCheck.h"
#include "analysis/UnitParents.h"
#include "analysis/ErrorRecovery.h"
#include "analysis/ThreadBodies.h"
#include "analysis/ThreadTermination.h"
#include "analysis/ThreadVocabularyOptions.h"

#include "clang-tidy/utils/OptionsUtils.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::conc {
namespace {

/// The variable a thread object is constructed into, if any.
const VarDecl *constructedVariable(const Expr &Construct, ASTContext &Ctx) {
  DynTypedNode Node = DynTypedNode::create(Construct);
  for (int Depth = 0; Depth < 4; ++Depth) {
    DynTypedNodeList Parents = analysis::parentsOf(Node, Ctx);
    if (Parents.empty())
      return nullptr;
    if (const auto *Var = Parents[0].get<VarDecl>())
      return Var;
    const auto *E = Parents[0].get<Expr>();
    if (!E || !isa<ExprWithCleanups, MaterializeTemporaryExpr,
                   CXXBindTemporaryExpr, ImplicitCastExpr,
                   CXXFunctionalCastExpr>(E))
      return nullptr;
    Node = Parents[0];
  }
  return nullptr;
}

std::string objectName(const Expr *E) {
  if (!E)
    return {};
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return Ref->getDecl()->getNameAsString();
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    return Member->getMemberDecl()->getNameAsString();
  if (const auto *AddrOf = dyn_cast<UnaryOperator>(E))
    return objectName(AddrOf->getSubExpr());
  return {};
}

/// Is the detached thread the caller's: a parameter that refers to it (a
/// `std::thread &`, a `pthread_t` handle, `*tid` of a `pthread_t *`, `**hnd`
/// of a pointer to the caller's pointer to it)? Then the function is a
/// thread library's detach wrapper (uv_thread_detach, curl's
/// Curl_thread_destroy) and detaching is its caller's decision. A thread
/// reached through a parameter (an element, a member) or owned by value is
/// not.
bool isCallersThread(const Expr *Thread, bool HandleIsValue) {
  if (Thread == nullptr)
    return false;
  Thread = Thread->IgnoreParenImpCasts();
  while (const auto *Deref = dyn_cast<UnaryOperator>(Thread)) {
    if (Deref->getOpcode() != UO_Deref)
      break;
    Thread = Deref->getSubExpr()->IgnoreParenImpCasts();
    HandleIsValue = false;
  }
  const auto *Ref = dyn_cast<DeclRefExpr>(Thread);
  const auto *Param = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
  if (Param == nullptr)
    return false;
  QualType Type = Param->getType();
  return HandleIsValue || Type->isReferenceType() || Type->isPointerType();
}

bool isDetachedState(const Expr *Arg) {
  Arg = Arg->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Arg))
    return Ref->getDecl()->getName() == "PTHREAD_CREATE_DETACHED";
  return false;
}

} // namespace

LeakedThreadCheck::LeakedThreadCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ThreadTypes(analysis::readThreadTypes(Options)),
      AllowDetach(Options.get("AllowDetach", false)) {}

void LeakedThreadCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ThreadTypes",
                utils::options::serializeStringList(ThreadTypes));
  Options.store(Opts, "AllowDetach", AllowDetach);
}

void LeakedThreadCheck::registerMatchers(MatchFinder *Finder) {
  // std::jthread is always known: its body may hang its destructor.
  std::vector<StringRef> AllThreads = ThreadTypes;
  AllThreads.push_back("::std::jthread");
  auto ThreadRecord = cxxRecordDecl(hasAnyName(AllThreads));
  auto ThreadType =
      hasType(hasUnqualifiedDesugaredType(recordType(hasDeclaration(ThreadRecord))));
  // A new thread: a thread object built from a callable, or pthread_create.
  // Node-kind and name conditions come first: they reject most nodes fast;
  // where a matcher is registered, "not in a system header" comes before
  // them (most nodes are in system headers, and the test is cheaper).
  auto ThreadConstruct =
      cxxConstructExpr(argumentCountAtLeast(1), ThreadType,
                       unless(hasDeclaration(cxxConstructorDecl(
                           anyOf(isCopyConstructor(), isMoveConstructor())))))
          .bind("construct");
  auto PthreadCreate =
      callExpr(argumentCountAtLeast(3),
               callee(functionDecl(hasName("::pthread_create"))))
          .bind("pthread-create");
  auto Creation = expr(anyOf(ThreadConstruct, PthreadCreate));
  auto NotInSystem = unless(isExpansionInSystemHeader());

  if (!AllowDetach) {
    Finder->addMatcher(
        cxxMemberCallExpr(NotInSystem,
                          callee(cxxMethodDecl(hasName("detach"),
                                               ofClass(ThreadRecord))))
            .bind("detach"),
        this);
    Finder->addMatcher(
        callExpr(NotInSystem, callee(functionDecl(hasName("::pthread_detach"))))
            .bind("pthread-detach"),
        this);
    Finder->addMatcher(
        callExpr(NotInSystem, argumentCountIs(2),
                 callee(functionDecl(hasName("::pthread_attr_setdetachstate"))))
            .bind("detach-attr"),
        this);
  }

  // Every thread creation, for its body.
  Finder->addMatcher(cxxConstructExpr(NotInSystem, ThreadConstruct), this);
  Finder->addMatcher(callExpr(NotInSystem, PthreadCreate), this);
  // emplace_back(callable) into a container of threads builds the thread
  // inside the library.
  auto ThreadContainer = hasType(hasUnqualifiedDesugaredType(
      recordType(hasDeclaration(classTemplateSpecializationDecl(
          hasTemplateArgument(0, refersToType(hasUnqualifiedDesugaredType(
                                     recordType(hasDeclaration(ThreadRecord))))))))));
  Finder->addMatcher(
      cxxMemberCallExpr(
          NotInSystem, argumentCountAtLeast(1),
          callee(cxxMethodDecl(hasAnyName("emplace_back", "emplace"))),
          on(expr(ThreadContainer)))
          .bind("emplace"),
      this);

  // Threads started before main: a static thread object, or a global whose
  // initializer (or the constructor it calls) starts one.
  auto StartsThread = expr(anyOf(
      Creation, hasDescendant(Creation),
      cxxConstructExpr(hasDeclaration(cxxConstructorDecl(
          anyOf(hasDescendant(Creation),
                hasAnyConstructorInitializer(withInitializer(
                    anyOf(Creation, hasDescendant(Creation))))))))));
  Finder->addMatcher(
      varDecl(NotInSystem, hasGlobalStorage(), unless(hasThreadStorageDuration()),
              hasInitializer(StartsThread))
          .bind("static"),
      this);
}

void LeakedThreadCheck::check(const MatchFinder::MatchResult &Result) {
  if (analysis::matchHasErrors(Result))
    return; // clang could not build this code: nothing to analyse
  ASTContext &Ctx = *Result.Context;
  if (const auto *Detach = Result.Nodes.getNodeAs<CXXMemberCallExpr>("detach")) {
    if (isCallersThread(Detach->getImplicitObjectArgument(), false) ||
        !Reported.insert(Detach->getExprLoc()).second)
      return;
    std::string Name = objectName(Detach->getImplicitObjectArgument());
    diag(Detach->getExprLoc(),
         "%0 is detached: nothing owns it, nothing can wait for it to finish "
         "or tell it to stop; keep it and join it (or use std::jthread with "
         "a std::stop_token)")
        << (Name.empty() ? std::string("the thread") : "thread '" + Name + "'");
    return;
  }
  if (const auto *Detach = Result.Nodes.getNodeAs<CallExpr>("pthread-detach")) {
    if ((Detach->getNumArgs() > 0 &&
         isCallersThread(Detach->getArg(0), true)) ||
        !Reported.insert(Detach->getExprLoc()).second)
      return;
    std::string Name =
        Detach->getNumArgs() ? objectName(Detach->getArg(0)) : std::string();
    diag(Detach->getExprLoc(),
         "%0 is detached: nothing owns it, nothing can wait for it to finish "
         "or tell it to stop; join it instead")
        << (Name.empty() ? std::string("the thread") : "thread '" + Name + "'");
    return;
  }
  if (const auto *Attr = Result.Nodes.getNodeAs<CallExpr>("detach-attr")) {
    if (!isDetachedState(Attr->getArg(1)) ||
        !Reported.insert(Attr->getExprLoc()).second)
      return;
    diag(Attr->getExprLoc(),
         "threads created with this attribute are detached: nothing owns "
         "them, nothing can wait for them to finish; create them joinable "
         "and join them");
    return;
  }
  if (const auto *Static = Result.Nodes.getNodeAs<VarDecl>("static")) {
    if (!Reported.insert(Static->getLocation()).second)
      return;
    if (Static->isStaticLocal())
      diag(Static->getLocation(),
           "static '%0' starts a thread that outlives main: nothing joins it "
           "before static destruction; give the thread an owner that stops "
           "and joins it")
          << Static->getName();
    else
      diag(Static->getLocation(),
           "'%0' starts a thread during static initialization, before main "
           "and in an unspecified order with other globals; start it from "
           "main or from an owner's start function")
          << Static->getName();
    const Expr *Start = Result.Nodes.getNodeAs<Expr>("construct");
    if (!Start)
      Start = Result.Nodes.getNodeAs<Expr>("pthread-create");
    if (Start)
      diag(Start->getExprLoc(), "the thread is started here",
           DiagnosticIDs::Note);
    return;
  }
  if (const auto *Construct = Result.Nodes.getNodeAs<CXXConstructExpr>("construct")) {
    checkBody(*Construct, Construct->getArg(0),
              analysis::isJThreadType(Construct->getType()), StringRef(), Ctx);
    return;
  }
  if (const auto *Create = Result.Nodes.getNodeAs<CallExpr>("pthread-create")) {
    std::string Name = objectName(Create->getArg(0));
    checkBody(*Create, Create->getArg(2), false, Name, Ctx);
    return;
  }
  if (const auto *Emplace = Result.Nodes.getNodeAs<CXXMemberCallExpr>("emplace")) {
    const Expr *Container = Emplace->getImplicitObjectArgument();
    QualType Element;
    if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
            Container->getType()->getAsCXXRecordDecl()))
      Element = Spec->getTemplateArgs()[0].getAsType();
    checkBody(*Emplace, Emplace->getArg(0), analysis::isJThreadType(Element),
              StringRef(), Ctx);
    return;
  }
}

void LeakedThreadCheck::checkBody(const Expr &Creation, const Expr *Callable,
                                  bool IsJThread, StringRef Name,
                                  ASTContext &Ctx) {
  analysis::ThreadBody Body = analysis::resolveThreadBody(Callable);
  const Stmt *Loop = analysis::findEndlessLoop(Body, Ctx);
  if (!Loop)
    return;
  SourceLocation Loc = Creation.getExprLoc();
  if (Loc.isMacroID() || !Reported.insert(Loc).second)
    return;
  // Only now, for a finding: the parent map costs a walk of the whole TU.
  if (Name.empty() && isa<CXXConstructExpr>(Creation))
    if (const VarDecl *Var = constructedVariable(Creation, Ctx))
      Name = Var->getName();
  std::string Thread =
      Name.empty() ? std::string("this thread") : "thread '" + Name.str() + "'";
  if (IsJThread && !analysis::takesStopToken(Body))
    diag(Loc, "%0 runs a loop that never ends and takes no std::stop_token: "
              "the std::jthread destructor requests a stop nobody reads and "
              "then waits forever; take a std::stop_token and leave the loop "
              "when stop is requested")
        << Thread;
  else
    diag(Loc, "%0 runs a loop that never ends: no break, return or throw "
              "leaves it and it checks no stop condition, so nothing can stop "
              "the thread or wait for it; loop on %1")
        << Thread
        // C has no std::stop_token: the owner's way to say "stop" is a flag.
        << (Ctx.getLangOpts().CPlusPlus ? "a std::stop_token or an atomic flag"
                                        : "an atomic_bool flag its owner sets");
  diag(Loop->getBeginLoc(), "this loop never ends", DiagnosticIDs::Note);
}

} // namespace clang::tidy::conc
