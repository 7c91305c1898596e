//===--- UnboundedThreadsCheck.cpp - conc-tidy ----------------------------===//
//
// Part of conc. Go's rule: bound the number of goroutines.
//
//===----------------------------------------------------------------------===//

#include "UnboundedThreadsCheck.h"
#include "analysis/ConcurrencyModel.h"
#include "analysis/ErrorRecovery.h"
#include "analysis/ThreadVocabularyOptions.h"

#include "clang-tidy/utils/OptionsUtils.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::conc {
namespace {

constexpr char DefaultBoundFunctions[] =
    "hardware_concurrency;get_nprocs;get_nprocs_conf;sysconf;"
    "omp_get_max_threads;omp_get_num_procs";
constexpr char DefaultQueuePopFunctions[] =
    "pop;pop_front;pop_back;try_pop;recv;try_recv;recv_for;dequeue;"
    "try_dequeue;wait_dequeue;take;accept;accept4;getline;read_line;next";
constexpr char DefaultLimitingFunctions[] =
    "join;wait;wait_for;acquire;try_acquire;try_acquire_for;"
    "arrive_and_wait;pthread_join;sem_wait";
constexpr char DefaultWorkerCountPattern[] =
    "thread|worker|pool|core|cpu|concurren|parallel|job|shard|slot|lane";

/// The calls named `Names` under `Root`, excluding those inside `Skip`.
llvm::SmallVector<const CallExpr *, 4>
callsNamed(const Stmt *Root, llvm::ArrayRef<StringRef> Names, const Stmt *Skip,
           ASTContext &Context) {
  llvm::SmallVector<const CallExpr *, 4> Calls;
  if (Root == nullptr)
    return Calls;
  for (const BoundNodes &Match :
       match(findAll(callExpr(callee(functionDecl(hasAnyName(Names))))
                         .bind("call")),
             *Root, Context)) {
    const auto *Call = Match.getNodeAs<CallExpr>("call");
    if (Skip == nullptr ||
        !analysis::isWithin(Call, Skip, Context.getSourceManager()))
      Calls.push_back(Call);
  }
  return Calls;
}

bool isContainerQuery(const Expr *E) {
  const auto *Call = dyn_cast<CXXMemberCallExpr>(E->IgnoreParenImpCasts());
  if (Call == nullptr || Call->getMethodDecl() == nullptr ||
      Call->getMethodDecl()->getIdentifier() == nullptr)
    return false;
  StringRef Name = Call->getMethodDecl()->getName();
  return Name == "size" || Name == "length" || Name == "empty" ||
         Name == "count";
}

/// An iterator comparison: `it != end`, on class iterators or pointers.
bool isIteratorComparison(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E))
    return (Op->getOperator() == OO_ExclaimEqual ||
            Op->getOperator() == OO_EqualEqual) &&
           Op->getNumArgs() == 2 && Op->getArg(0)->getType()->isRecordType();
  if (const auto *Op = dyn_cast<BinaryOperator>(E))
    // Pointer walks too: `p != end`, `node != nullptr`.
    return Op->isEqualityOp() && Op->getLHS()->getType()->isPointerType();
  return false;
}

void splitConjuncts(const Expr *E, llvm::SmallVectorImpl<const Expr *> &Out) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Op = dyn_cast<BinaryOperator>(E))
    if (Op->getOpcode() == BO_LAnd) {
      splitConjuncts(Op->getLHS(), Out);
      splitConjuncts(Op->getRHS(), Out);
      return;
    }
  Out.push_back(E);
}

/// The two sides of a relational comparison, or nothing.
std::optional<std::pair<const Expr *, const Expr *>>
comparedSides(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Op = dyn_cast<BinaryOperator>(E))
    if (Op->isComparisonOp())
      return std::make_pair(Op->getLHS(), Op->getRHS());
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E))
    if (Op->isComparisonOp() && Op->getNumArgs() == 2)
      return std::make_pair(Op->getArg(0), Op->getArg(1));
  return std::nullopt;
}

/// Does any sub-expression of `E` satisfy `Pred`?
template <typename Predicate>
bool anySubExpr(const Stmt *S, Predicate Pred) {
  if (S == nullptr)
    return false;
  if (const auto *E = dyn_cast<Expr>(S))
    if (Pred(E))
      return true;
  for (const Stmt *Child : S->children())
    if (anySubExpr(Child, Pred))
      return true;
  return false;
}

} // namespace

UnboundedThreadsCheck::UnboundedThreadsCheck(StringRef Name,
                                             ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      BoundFunctions(utils::options::parseStringList(
          Options.get("BoundFunctions", DefaultBoundFunctions))),
      QueuePopFunctions(utils::options::parseStringList(
          Options.get("QueuePopFunctions", DefaultQueuePopFunctions))),
      LimitingFunctions(utils::options::parseStringList(
          Options.get("LimitingFunctions", DefaultLimitingFunctions))),
      WorkerCountPattern(
          Options.get("WorkerCountPattern", DefaultWorkerCountPattern)),
      WorkerCountRegex(WorkerCountPattern, llvm::Regex::IgnoreCase) {
  Vocabulary = analysis::readThreadVocabulary(Options);
}

void UnboundedThreadsCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "BoundFunctions",
                utils::options::serializeStringList(BoundFunctions));
  Options.store(Opts, "QueuePopFunctions",
                utils::options::serializeStringList(QueuePopFunctions));
  Options.store(Opts, "LimitingFunctions",
                utils::options::serializeStringList(LimitingFunctions));
  Options.store(Opts, "WorkerCountPattern", WorkerCountPattern);
  analysis::storeThreadVocabulary(Options, Opts, Vocabulary);
}

void UnboundedThreadsCheck::registerMatchers(MatchFinder *Finder) {
  analysis::addThreadStartMatchers(*Finder, Vocabulary, this);
}

bool UnboundedThreadsCheck::namesWorkerCount(StringRef Name) {
  return !WorkerCountPattern.empty() && WorkerCountRegex.match(Name);
}

/// A bound: a constant, a hardware query, a name that says it counts
/// workers, std::min over one of those, or a local initialised from one.
bool UnboundedThreadsCheck::isBound(const Expr *E, ASTContext &Context,
                                    unsigned Depth) {
  if (E == nullptr || Depth > 4)
    return false;
  E = E->IgnoreParenImpCasts();
  if (!E->isValueDependent() && E->isIntegerConstantExpr(Context))
    return true;
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee && Callee->getIdentifier()) {
      StringRef Name = Callee->getName();
      if (llvm::is_contained(BoundFunctions, Name) || namesWorkerCount(Name))
        return true;
      if (Name == "min" || Name == "clamp")
        return llvm::any_of(Call->arguments(), [&](const Expr *Arg) {
          return isBound(Arg, Context, Depth + 1);
        });
      if (Name == "max" || Name == "static_cast")
        return llvm::all_of(Call->arguments(), [&](const Expr *Arg) {
          return isBound(Arg, Context, Depth + 1);
        });
    }
    return false;
  }
  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E))
    return isBound(Cast->getSubExpr(), Context, Depth + 1);
  if (const auto *Op = dyn_cast<BinaryOperator>(E))
    return Op->isMultiplicativeOp() || Op->isAdditiveOp()
               ? isBound(Op->getLHS(), Context, Depth + 1) &&
                     isBound(Op->getRHS(), Context, Depth + 1)
               : false;
  if (const auto *Cond = dyn_cast<ConditionalOperator>(E))
    return isBound(Cond->getTrueExpr(), Context, Depth + 1) &&
           isBound(Cond->getFalseExpr(), Context, Depth + 1);
  const ValueDecl *D = nullptr;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    D = Ref->getDecl();
  else if (const auto *Member = dyn_cast<MemberExpr>(E))
    D = Member->getMemberDecl();
  if (D == nullptr || D->getIdentifier() == nullptr)
    return false;
  if (namesWorkerCount(D->getName()))
    return true;
  // A local initialised from a bound; a mutable one initialised with a
  // constant is a counter (`int i = 0`), not a bound.
  if (const auto *Var = dyn_cast<VarDecl>(D))
    if (const Expr *Init = Var->getInit(); Init && !isa<ParmVarDecl>(Var)) {
      if (!Var->getType().isConstQualified() && !Init->isValueDependent() &&
          Init->IgnoreParenImpCasts()->isIntegerConstantExpr(Context))
        return false;
      return isBound(Init, Context, Depth + 1);
    }
  return false;
}

UnboundedThreadsCheck::DataDriven
UnboundedThreadsCheck::classifyLoop(const Stmt *Loop, const Stmt *ThreadBody,
                                    ASTContext &Context, const Expr *&Culprit) {
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop)) {
    const Expr *Init = Range->getRangeInit();
    QualType Type = Init->getType().getNonReferenceType();
    if (Type->isConstantArrayType())
      return DataDriven::No;
    std::string Record = analysis::recordName(Type);
    if (Record == "std::array" || Record == "std::initializer_list" ||
        StringRef(Record).contains("iota_view"))
      return DataDriven::No;
    // A range of workers: one thread per worker slot is a pool.
    if (anySubExpr(Init, [&](const Expr *E) {
          const ValueDecl *D = nullptr;
          if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
            D = Ref->getDecl();
          else if (const auto *Member = dyn_cast<MemberExpr>(E))
            D = Member->getMemberDecl();
          return D && D->getIdentifier() && namesWorkerCount(D->getName());
        }))
      return DataDriven::No;
    Culprit = Init;
    return DataDriven::Range;
  }

  const Expr *Cond = nullptr;
  const Stmt *Body = nullptr;
  const Stmt *ConditionVariable = nullptr; // while (auto x = q.pop())
  if (const auto *For = dyn_cast<ForStmt>(Loop)) {
    Cond = For->getCond();
    Body = For->getBody();
    ConditionVariable = For->getConditionVariableDeclStmt();
  } else if (const auto *While = dyn_cast<WhileStmt>(Loop)) {
    Cond = While->getCond();
    Body = While->getBody();
    ConditionVariable = While->getConditionVariableDeclStmt();
  } else if (const auto *Do = dyn_cast<DoStmt>(Loop)) {
    Cond = Do->getCond();
    Body = Do->getBody();
  }

  if (Cond != nullptr) {
    llvm::SmallVector<const Expr *, 2> Conjuncts;
    splitConjuncts(Cond, Conjuncts);
    for (const Expr *Conjunct : Conjuncts)
      if (auto Sides = comparedSides(Conjunct))
        if (isBound(Sides->first, Context) || isBound(Sides->second, Context))
          return DataDriven::No;
    for (const Expr *Conjunct : Conjuncts)
      if (anySubExpr(Conjunct, [&](const Expr *E) {
            return isContainerQuery(E) || isIteratorComparison(E);
          })) {
        Culprit = Conjunct;
        return DataDriven::Condition;
      }
  }
  // A loop that takes one item per iteration (in its condition or body).
  for (const Stmt *Part :
       {ConditionVariable, static_cast<const Stmt *>(Cond), Body})
    for (const CallExpr *Pop :
         callsNamed(Part, QueuePopFunctions, ThreadBody, Context)) {
      Culprit = Pop;
      return DataDriven::Pops;
    }
  return DataDriven::No;
}

/// A join, a wait or a semaphore acquire in the loop (outside the thread)
/// keeps the number of running threads bounded by the loop's own pace.
bool UnboundedThreadsCheck::limitsConcurrency(const Stmt *Loop,
                                              const analysis::ThreadStart &Start,
                                              ASTContext &Context) {
  if (!callsNamed(Loop, LimitingFunctions, Start.body(), Context).empty())
    return true;
  // A future's get() waits for its task (`std::async(...).get()`).
  for (const CallExpr *Get : callsNamed(Loop, {"get"}, Start.body(), Context))
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Get))
      if (analysis::isOneOfTypes(Member->getImplicitObjectArgument()->getType(),
                       {"::std::future", "::std::shared_future"}))
        return true;
  return false;
}

void UnboundedThreadsCheck::check(const MatchFinder::MatchResult &Result) {
  if (analysis::matchHasErrors(Result))
    return; // clang could not build this code: nothing to analyse
  ASTContext &Context = *Result.Context;
  std::optional<analysis::ThreadStart> Start =
      analysis::classifyThreadStart(Result.Nodes.getNodeAs<Expr>("start"), Vocabulary);
  if (!Start)
    return;
  llvm::SmallVector<const Stmt *, 2> Loops =
      analysis::enclosingLoops(Start->Spawn, Context);
  if (Loops.empty())
    return;

  // A task group with a limit runs at most that many tasks at once.
  if (Start->Kind == analysis::ThreadStart::GroupTask) {
    const auto *Go = cast<CXXMemberCallExpr>(Start->Spawn);
    const ValueDecl *Group = analysis::namedEntity(Go->getImplicitObjectArgument());
    const Decl *Spawner = analysis::enclosingFunction(Start->Spawn, Context);
    if (Group == nullptr || isa<FieldDecl>(Group) ||
        isa<ParmVarDecl>(Group))
      return; // Limited (or not) elsewhere.
    // The limit bounds the tasks only if it is set before every go():
    // `set_limit` after the loop, or on one branch only, bounds nothing.
    if (Spawner && Spawner->getBody()) {
      constexpr int InSpawner = analysis::ProgramPoint::Spawner;
      llvm::SmallVector<analysis::ProgramPoint, 2> Limits;
      for (const BoundNodes &Match : match(
               findAll(cxxMemberCallExpr(callee(cxxMethodDecl(hasName("set_limit"))))
                           .bind("limit")),
               *Spawner->getBody(), Context)) {
        const auto *Limit = Match.getNodeAs<CXXMemberCallExpr>("limit");
        if (analysis::namedEntity(Limit->getImplicitObjectArgument()) == Group)
          Limits.push_back({InSpawner, Limit});
      }
      if (!Limits.empty() &&
          analysis::ConcurrencyModel(*Spawner, {}, Context, Vocabulary)
              .alwaysRunsBefore(Limits, {InSpawner, Go}))
        return;
    }
  }

  for (const Stmt *Loop : Loops) {
    if (limitsConcurrency(Loop, *Start, Context))
      return;
    const Expr *Culprit = nullptr;
    DataDriven Kind = classifyLoop(Loop, Start->body(), Context, Culprit);
    if (Kind == DataDriven::No)
      continue;
    if (!Reported.insert(Start->Spawn->getBeginLoc()).second)
      return;
    bool IsTask = Start->Kind == analysis::ThreadStart::GroupTask;
    diag(Start->Spawn->getBeginLoc(),
         "%select{a thread|a task}0 is started for every item of the input, "
         "with no bound on how many run at once; use a fixed pool of "
         "workers, a std::counting_semaphore, or %select{conc::ErrGroup with "
         "set_limit|set_limit on the group}0")
        << IsTask;
    static const char *const Notes[] = {
        "", "the loop runs once per element of this range",
        "the loop's condition depends on the size of the data, not on a "
        "worker count",
        "each iteration takes one item here"};
    diag(Culprit->getBeginLoc(), Notes[static_cast<int>(Kind)],
         DiagnosticIDs::Note);
    return;
  }
}

} // namespace clang::tidy::conc
