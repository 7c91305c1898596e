//===--- LockFlowTest.cpp - conc-tidy -------------------------------------===//
//
// Part of conc. The lock client of the shared flow analysis: which findings
// it reports through the engine (double locks, on every path or some, with
// the earlier lock and a callee's; double unlocks; unlocks of locks not
// held), what callees do to their callers' locks (summaries), locks made
// recursive by their attribute, and locks named through local pointers;
// and FunctionLocks, which sorts those findings by the function's place in
// its unit and finds the locks it leaves held. Each test runs one of them
// on `f` and states what it must find, where.
//
//===----------------------------------------------------------------------===//

#include "analysis/FunctionLocks.h"
#include "analysis/LockFlow.h"
#include "analysis/LockSummaries.h"
#include "analysis/LockUnit.h"
#include "analysis/RecursiveLocks.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"
#include <algorithm>
#include <cstring>

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::conc;
using namespace clang::tidy::conc::analysis;

namespace {

// The POSIX names the client knows, declared as the C library does.
constexpr const char *Prelude = R"cpp(
extern "C" {
typedef union { char size[40]; long align; } pthread_mutex_t;
typedef union { char size[4]; int align; } pthread_mutexattr_t;
enum { PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_RECURSIVE, PTHREAD_MUTEX_ERRORCHECK };
int pthread_mutex_lock(pthread_mutex_t *);
int pthread_mutex_trylock(pthread_mutex_t *);
int pthread_mutex_unlock(pthread_mutex_t *);
int pthread_mutex_init(pthread_mutex_t *, const pthread_mutexattr_t *);
int pthread_mutexattr_settype(pthread_mutexattr_t *, int);
}
pthread_mutex_t g, h;
)cpp";

using Strings = std::vector<std::string>;

class LockFlow : public ::testing::Test {
protected:
  /// Runs the client on `f` in the prelude plus Code; findings as
  /// "<kind> <object> <line>[ every| some][ in <callee>]", lines counted
  /// from the start of Code.
  Strings findingsOf(const std::string &Code) {
    build(Code);
    RecursiveLocks Recursive(*Context);
    LockSummaries Summaries(Vocab, *Context, &Recursive);
    LockFlowClient Client(Vocab);
    Client.Analysed = Function;
    Client.Summaries = &Summaries;
    Client.Recursive = &Recursive;
    Client.EnterAsCallerLeft = Summaries.sharedLocks(*Function);
    Flow = analysis::runTrackedObjectFlow(*Function, *Context, Client);
    EXPECT_TRUE(Flow.Complete);
    Strings Found;
    for (const analysis::Finding &F : Flow.Findings) {
      std::string S = F.Kind == LockFlowClient::DoubleLock ? "double-lock "
                      : F.Kind == LockFlowClient::DoubleUnlock
                          ? "double-unlock "
                          : "unlock-unheld ";
      S += F.Object.name() + " " + std::to_string(line(F.Site->getBeginLoc()));
      S += F.OnEveryPath ? " every" : " some";
      if (F.Kind == LockFlowClient::UnlockUnlocked && !F.Prior)
        S += " from-entry";
      if (F.Prior && F.Kind != LockFlowClient::UnlockUnlocked)
        S += " after " + std::to_string(line(F.Prior->getBeginLoc()));
      if (F.Callee)
        S += " in " + F.Callee->getNameAsString() + " at " +
             std::to_string(line(F.CalleeSite->getBeginLoc()));
      Found.push_back(S);
    }
    std::sort(Found.begin(), Found.end());
    return Found;
  }

  /// Runs FunctionLocks on `f`: its findings as "<kind> <object> <line>
  /// [after <line>]", then its leaks as "leak <object> <line> [by <callee>]
  /// [normal <n>] [exceptional <n>] [bare-pair]", in their order.
  Strings functionLocksOf(const std::string &Code,
                          std::vector<llvm::StringRef> AcquireFunctions = {}) {
    build(Code);
    analysis::ThreadStartVocabulary Threads;
    LockUnit Unit(*Context, Vocab, Threads);
    FunctionLocks Locks(*Function, Unit, Vocab, AcquireFunctions);
    EXPECT_TRUE(Locks.complete());
    Strings Found;
    for (const analysis::Finding &F : Locks.findings()) {
      using K = FunctionLocks::FindingKind;
      const char *Kind = "?";
      switch (static_cast<K>(F.Kind)) {
      case K::DoubleLock: Kind = "double-lock"; break;
      case K::DoubleUnlock: Kind = "double-unlock"; break;
      case K::UnlockAfterCall: Kind = "unlock-after-call"; break;
      case K::UnlockAfterFailedLock: Kind = "unlock-after-failed-lock"; break;
      case K::UnlockLockedOnOtherPaths: Kind = "unlock-locked-elsewhere"; break;
      case K::UnlockOfLocalNeverLocked: Kind = "unlock-local-never-locked"; break;
      case K::UnlockOfOwnStatic: Kind = "unlock-own-static"; break;
      case K::UnlockInThread: Kind = "unlock-in-thread"; break;
      case K::UnlockNeverLockedInUnit: Kind = "unlock-never-locked-in-unit"; break;
      case K::UnlockNotHeldByCallers: Kind = "unlock-not-held-by-callers"; break;
      }
      std::string S = std::string(Kind) + " " + F.Object.name() + " " +
                      std::to_string(line(F.Site->getBeginLoc()));
      if (F.Prior)
        S += " after " + std::to_string(line(F.Prior->getBeginLoc()));
      Found.push_back(S);
    }
    for (const LockLeak &L : Locks.leaks()) {
      std::string S = "leak " + L.Object.name() + " " +
                      std::to_string(line(L.Origin->getBeginLoc()));
      if (L.Callee)
        S += " by " + L.Callee->getNameAsString();
      if (!L.Normal.empty())
        S += " normal " + std::to_string(L.Normal.size());
      if (!L.Exceptional.empty())
        S += " exceptional " + std::to_string(L.Exceptional.size());
      if (L.BarePair)
        S += " bare-pair";
      Found.push_back(S);
    }
    CallersLock.clear();
    for (const LockOperationSite &Site : Locks.operations())
      for (const Expr *L : Site.Op.Locks)
        if (auto Object = analysis::TrackedObject::fromExpr(L);
            Object && Locks.keepsCallersLock(*Object) &&
            !llvm::is_contained(CallersLock, Object->name()))
          CallersLock.push_back(Object->name());
    return Found;
  }
  /// The locks the last functionLocksOf() found f to work under (its
  /// caller's, unlocked and relocked).
  Strings CallersLock;

  /// The states of a global at f's normal returns, after findingsOf().
  Strings statesAtReturn(const char *Global) const {
    Strings States;
    for (const auto &[Object, Facts] : Flow.AtReturn.objects())
      if (Object.name() == Global)
        for (auto [State, Name] :
             {std::pair{Locked, "locked"}, {Unlocked, "unlocked"},
              {AsAtEntry, "as-at-entry"}})
          if (Facts.has(State))
            States.push_back(Name);
    return States;
  }

  /// The summary of function Name: "<object> <exit states> [acquires]".
  Strings effectsOf(const std::string &Code, const char *Name) {
    build(Code);
    RecursiveLocks Recursive(*Context);
    LockSummaries Summaries(Vocab, *Context, &Recursive);
    auto Matches = match(
        functionDecl(hasName(Name), isDefinition()).bind("callee"), *Context);
    EXPECT_EQ(Matches.size(), 1u);
    const auto *Callee = Matches[0].getNodeAs<FunctionDecl>("callee");
    const std::vector<LockEffect> *Effects = Summaries.effectsOf(*Callee);
    EXPECT_NE(Effects, nullptr);
    Strings Result;
    for (const LockEffect &E : Effects ? *Effects : std::vector<LockEffect>{}) {
      std::string S = E.Object.name();
      if (E.ExitStates & analysis::stateBit(Locked))
        S += " locked";
      if (E.ExitStates & analysis::stateBit(Unlocked))
        S += " unlocked";
      if (E.ExitStates & analysis::stateBit(AsAtEntry))
        S += " as-at-entry";
      if (E.AcquiresAtEntry)
        S += " acquires";
      if (E.dependsOnCondition())
        S += " if-true" + statesOf(E.ExitStatesIfTrue) + " if-false" +
             statesOf(E.ExitStatesIfFalse);
      Result.push_back(S);
    }
    return Result;
  }

  analysis::FlowResult Flow;

private:
  static std::string statesOf(analysis::StateSet States) {
    std::string S;
    for (auto [State, Name] : {std::pair{Locked, " locked"},
                               {Unlocked, " unlocked"},
                               {AsAtEntry, " as-at-entry"}})
      if (States & analysis::stateBit(State))
        S += Name;
    return S;
  }
  void build(const std::string &Code) {
    AST = tooling::buildASTFromCodeWithArgs(std::string(Prelude) + Code,
                                            {"-std=c++20"});
    ASSERT_TRUE(AST);
    Context = &AST->getASTContext();
    auto Matches =
        match(functionDecl(hasName("f"), isDefinition()).bind("f"), *Context);
    ASSERT_EQ(Matches.size(), 1u);
    Function = Matches[0].getNodeAs<FunctionDecl>("f");
  }
  unsigned line(SourceLocation Loc) const {
    return AST->getSourceManager().getSpellingLineNumber(Loc) - PreludeLines;
  }
  static inline const unsigned PreludeLines =
      std::count(Prelude, Prelude + std::strlen(Prelude), '\n');
  LockVocabulary Vocab;
  std::unique_ptr<ASTUnit> AST;
  ASTContext *Context = nullptr;
  const FunctionDecl *Function = nullptr;
};

TEST_F(LockFlow, DoubleLockOnEveryPath) {
  EXPECT_EQ(findingsOf(R"cpp(
void f() {
  pthread_mutex_lock(&g);
  pthread_mutex_lock(&g);
}
)cpp"),
            Strings{"double-lock g 4 every after 3"});
}

TEST_F(LockFlow, DoubleLockOnOneBranch) {
  EXPECT_EQ(findingsOf(R"cpp(
void f(int x) {
  if (x)
    pthread_mutex_lock(&g);
  pthread_mutex_lock(&g);
  pthread_mutex_unlock(&g);
}
)cpp"),
            Strings{"double-lock g 5 some after 4"});
}

TEST_F(LockFlow, BranchOnAFixedLocalIsNotTaken) {
  EXPECT_EQ(findingsOf(R"cpp(
void f() {
  int nested = 0;
  pthread_mutex_lock(&g);
  if (nested)
    pthread_mutex_lock(&g);
  pthread_mutex_unlock(&g);
}
)cpp"),
            Strings{});
}

TEST_F(LockFlow, BranchOnAWrittenLocalMayBeTaken) {
  EXPECT_EQ(findingsOf(R"cpp(
void configure(int *);
void f() {
  int nested = 0;
  configure(&nested);
  pthread_mutex_lock(&g);
  if (nested)
    pthread_mutex_lock(&g);
  pthread_mutex_unlock(&g);
}
)cpp"),
            // Inside the branch, g is held on every path that reaches it.
            Strings{"double-lock g 8 every after 6"});
}

// Just enough of <mutex> for the guards (the client knows them by name).
constexpr const char *MiniMutex = R"cpp(
namespace std {
struct mutex { void lock(); void unlock(); };
struct defer_lock_t { explicit defer_lock_t() = default; };
inline constexpr defer_lock_t defer_lock{};
template <class M> struct unique_lock {
  explicit unique_lock(M &);
  unique_lock(M &, defer_lock_t);
  ~unique_lock();
  void lock();
  void unlock();
};
template <class M> struct lock_guard {
  explicit lock_guard(M &);
  ~lock_guard();
};
}
)cpp";

TEST_F(LockFlow, DeferredGuardLockedWhileAnotherGuardHoldsIt) {
  EXPECT_EQ(findingsOf(std::string(MiniMutex) + R"cpp(
std::mutex m;
void f() {
  std::unique_lock<std::mutex> later(m, std::defer_lock);
  std::lock_guard<std::mutex> now(m);
  later.lock();
}
)cpp"),
            Strings{"double-lock m 23 every after 22"});
}

TEST_F(LockFlow, DeferredGuardLockedAfterTheOtherGuardIsGone) {
  EXPECT_EQ(findingsOf(std::string(MiniMutex) + R"cpp(
std::mutex m;
void f() {
  std::unique_lock<std::mutex> later(m, std::defer_lock);
  { std::lock_guard<std::mutex> now(m); }
  later.lock();
  later.unlock();
  later.lock();
}
)cpp"),
            Strings{});
}

TEST_F(LockFlow, NullLockIsNoLock) {
  EXPECT_EQ(findingsOf(std::string(MiniMutex) + R"cpp(
struct null_mutex { void lock() {} void unlock() {} };
struct spin { void lock() { while (busy) {} busy = true; } void unlock() { busy = false; } bool busy = false; };
null_mutex n;
spin s;
void f() {
  std::lock_guard<null_mutex> a(n);
  std::lock_guard<null_mutex> b(n);
  n.lock();
  n.lock();
  s.lock();
  s.lock();
}
)cpp"),
            Strings{"double-lock s 29 every after 28"});
}

TEST_F(LockFlow, UntestedTryLockIsNoDoubleLock) {
  EXPECT_EQ(findingsOf(R"cpp(
void f() {
  int rc = pthread_mutex_trylock(&g);
  if (rc == 16)
    pthread_mutex_lock(&g);
  pthread_mutex_unlock(&g);
}
)cpp"),
            Strings{});
}

TEST_F(LockFlow, UnlockBeforeAnyLockIsTheCallersLock) {
  EXPECT_EQ(findingsOf(R"cpp(
void slow();
void f() {
  pthread_mutex_unlock(&g);
  slow();
  pthread_mutex_lock(&g);
}
)cpp"),
            Strings{"unlock-unheld g 4 every from-entry"});
}

TEST_F(LockFlow, CalleeThatUnlocksReleasesTheCallersLock) {
  EXPECT_EQ(findingsOf(R"cpp(
static void release() { pthread_mutex_unlock(&g); }
void f() {
  pthread_mutex_lock(&g);
  release();
}
)cpp"),
            Strings{});
  EXPECT_EQ(statesAtReturn("g"), Strings{"unlocked"});
}

TEST_F(LockFlow, CalleeThatLocksLeavesItHeld) {
  findingsOf(R"cpp(
static void take() { pthread_mutex_lock(&g); }
void f(int x) {
  if (x)
    take();
}
)cpp");
  EXPECT_EQ(statesAtReturn("g"), (Strings{"locked", "as-at-entry"}));
}

TEST_F(LockFlow, SelfDeadlockThroughTwoCalls) {
  EXPECT_EQ(findingsOf(R"cpp(
static void count() {
  pthread_mutex_lock(&g);
  pthread_mutex_unlock(&g);
}
static void count_twice() { count(); count(); }
void f() {
  pthread_mutex_lock(&g);
  count_twice();
  pthread_mutex_unlock(&g);
}
)cpp"),
            Strings{"double-lock g 9 every after 8 in count at 3"});
}

TEST_F(LockFlow, CalleeThatNeedsTheLockDoesNotRelock) {
  EXPECT_EQ(findingsOf(R"cpp(
void slow();
static void compact() {
  pthread_mutex_unlock(&g);
  slow();
  pthread_mutex_lock(&g);
}
void f() {
  pthread_mutex_lock(&g);
  compact();
  pthread_mutex_unlock(&g);
}
)cpp"),
            Strings{});
}

TEST_F(LockFlow, MemberOfTheObjectAMethodIsCalledOn) {
  EXPECT_EQ(findingsOf(R"cpp(
struct Box {
  pthread_mutex_t mu;
  void touch() { pthread_mutex_lock(&mu); pthread_mutex_unlock(&mu); }
};
void f(Box &a, Box &b) {
  pthread_mutex_lock(&a.mu);
  b.touch();
  a.touch();
  pthread_mutex_unlock(&a.mu);
}
)cpp"),
            Strings{"double-lock a.mu 9 every after 7 in touch at 4"});
}

TEST_F(LockFlow, RecursiveByAttributeIsNoDoubleLock) {
  EXPECT_EQ(findingsOf(R"cpp(
void init() {
  pthread_mutexattr_t attr;
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&g, &attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
}
void f() {
  pthread_mutex_lock(&g);
  pthread_mutex_lock(&g);
  pthread_mutex_unlock(&g);
  pthread_mutex_unlock(&g);
}
)cpp"),
            Strings{});
}

// A lock class the user wrote (libzmq's mutex_t) that makes its pthread
// mutex recursive in its constructor: its objects may be locked again.
constexpr char LockClass[] = R"cpp(
class rmutex {
public:
  rmutex() {
    pthread_mutexattr_settype(&attr_, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&m_, &attr_);
  }
  void lock() { pthread_mutex_lock(&m_); }
  void unlock() { pthread_mutex_unlock(&m_); }
private:
  pthread_mutex_t m_;
  pthread_mutexattr_t attr_;
  %s
};
rmutex r;
void f() {
  r.lock();
  r.lock();
  r.unlock();
  r.unlock();
}
)cpp";

std::string lockClassWith(const char *ExtraMember) {
  std::string Code = LockClass;
  Code.replace(Code.find("%s"), 2, ExtraMember);
  return Code;
}

TEST_F(LockFlow, LockClassMadeRecursiveIsNoDoubleLock) {
  EXPECT_EQ(findingsOf(lockClassWith("")), Strings{});
}

TEST_F(LockFlow, LockClassWithANonRecursiveMutexStaysNonRecursive) {
  // A second mutex, never made recursive: the class is not.
  EXPECT_EQ(findingsOf(lockClassWith("pthread_mutex_t other_;")),
            (Strings{"double-lock r 18 every after 17",
                     "double-unlock r 20 every after 19"}));
}

TEST_F(LockFlow, OtherAttributeKindStaysNonRecursive) {
  EXPECT_EQ(findingsOf(R"cpp(
void init() {
  pthread_mutexattr_t attr;
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&g, &attr);
}
void f() {
  pthread_mutex_lock(&g);
  pthread_mutex_lock(&g);
}
)cpp"),
            Strings{"double-lock g 9 every after 8"});
}

TEST_F(LockFlow, PointerToAGlobalNamesTheGlobal) {
  EXPECT_EQ(findingsOf(R"cpp(
void f() {
  pthread_mutex_t *m = &g;
  pthread_mutex_lock(&g);
  pthread_mutex_lock(m);
}
)cpp"),
            Strings{"double-lock g 5 every after 4"});
}

TEST_F(LockFlow, CopyOfAPointerParameterIsTheCallersLock) {
  // An unlock callback (libevent's evthread_posix_unlock): the lock comes
  // as a `void *` and is unlocked through a local copy. It is the caller's.
  // (A raw flow reports every unlock from the entry; FunctionLocks keeps
  // those of locks no caller can hold.)
  EXPECT_EQ(functionLocksOf(R"cpp(
int f(unsigned mode, void *arg) {
  pthread_mutex_t *lock = (pthread_mutex_t *)arg;
  return pthread_mutex_unlock(lock);
}
)cpp"),
            Strings{});
}

TEST_F(LockFlow, CopyOfAPointerParameterNamesTheSameLock) {
  EXPECT_EQ(findingsOf(R"cpp(
void f(void *arg) {
  pthread_mutex_t *first = static_cast<pthread_mutex_t *>(arg);
  pthread_mutex_t *second = (pthread_mutex_t *)arg;
  pthread_mutex_lock(first);
  pthread_mutex_lock(second);
}
)cpp"),
            Strings{"double-lock arg 6 every after 5"});
}

TEST_F(LockFlow, CopyOfAChangedPointerParameterIsItself) {
  // The parameter is given another value: the copy is a root of its own,
  // and locking the parameter's new pointee is no double lock.
  EXPECT_EQ(findingsOf(R"cpp(
void f(pthread_mutex_t *arg) {
  pthread_mutex_t *lock = arg;
  pthread_mutex_lock(lock);
  arg = &g;
  pthread_mutex_lock(arg);
}
)cpp"),
            Strings{});
}

TEST_F(LockFlow, PointerChosenBetweenLocksIsItself) {
  EXPECT_EQ(findingsOf(R"cpp(
void f(int k) {
  pthread_mutex_t *m = k ? &g : &h;
  pthread_mutex_lock(&g);
  pthread_mutex_lock(m);
}
)cpp"),
            Strings{});
}

TEST_F(LockFlow, SummaryOfALockHelper) {
  EXPECT_EQ(effectsOf(R"cpp(
void lock_it() { pthread_mutex_lock(&g); }
void f() {}
)cpp",
                      "lock_it"),
            Strings{"g locked acquires"});
}

TEST_F(LockFlow, SummaryOfAReleaseThroughAParameterMember) {
  EXPECT_EQ(effectsOf(R"cpp(
struct S { pthread_mutex_t mu; };
void done(S *s) { pthread_mutex_unlock(&s->mu); }
void f() {}
)cpp",
                      "done"),
            Strings{"s.mu unlocked"});
}

TEST_F(LockFlow, SummaryOfABalancedFunctionOnlyAcquires) {
  EXPECT_EQ(effectsOf(R"cpp(
void bump() { pthread_mutex_lock(&g); pthread_mutex_unlock(&g); }
void f() {}
)cpp",
                      "bump"),
            Strings{"g unlocked acquires"});
}

TEST_F(LockFlow, SummaryOfAFunctionThatGivesTheCallersLockBackKeepsItAsItWas) {
  // curl's thrdpool_join_zombies: under its caller's lock, it lets go of it
  // around a join and takes it back. Its caller holds the lock after the
  // call as it did before: not "locked by" it.
  EXPECT_EQ(effectsOf(R"cpp(
void join_one();
int pending;
void join_zombies() {
  while (pending) {
    --pending;
    pthread_mutex_unlock(&g);
    join_one();
    pthread_mutex_lock(&g);
  }
}
void f() {}
)cpp",
                      "join_zombies"),
            Strings{});
}

TEST_F(LockFlow, SummaryOfAFunctionThatAlsoLocksAtEntryStillLocks) {
  // One path gives the caller's lock back, the other takes it while it is
  // as the caller left it: that path locks it.
  EXPECT_EQ(effectsOf(R"cpp(
void relock(int x) {
  if (x)
    pthread_mutex_unlock(&g);
  pthread_mutex_lock(&g);
}
void f() {}
)cpp",
                      "relock"),
            Strings{"g locked acquires"});
}

// curl's thrdpool_unlink: with the last reference it releases the lock
// and returns true; otherwise it returns false, the lock as it was.
constexpr char Unref[] = R"cpp(
int refs;
bool unref() {
  if (--refs)
    return false;
  pthread_mutex_unlock(&g);
  return true;
}
)cpp";

TEST_F(LockFlow, ReleaseTiedToTheResultIsKnownOnEachBranch) {
  // The caller releases the lock only when unref() returned false.
  EXPECT_EQ(functionLocksOf(std::string(Unref) + R"cpp(
void f() {
  pthread_mutex_lock(&g);
  if (!unref())
    pthread_mutex_unlock(&g);
}
)cpp"),
            Strings{});
}

TEST_F(LockFlow, ReleaseTiedToTheResultOnTheWrongBranch) {
  // The caller releases the lock when the callee already did: on that
  // branch the lock is not held at the unlock, on every path to it.
  EXPECT_EQ(findingsOf(std::string(Unref) + R"cpp(
void f() {
  pthread_mutex_lock(&g);
  if (unref())
    pthread_mutex_unlock(&g);
}
)cpp"),
            Strings{"unlock-unheld g 13 every"});
}

TEST_F(LockFlow, UnlockThenRelockOnItsPathThenReleaseIsTheCallersLock) {
  // curl's thrdq_unlink: the lock after the unlock on the same path is the
  // relock of the caller's lock, not a lock of other paths.
  EXPECT_EQ(functionLocksOf(R"cpp(
void join_all();
void f() {
  pthread_mutex_unlock(&g);
  join_all();
  pthread_mutex_lock(&g);
  pthread_mutex_unlock(&g);
}
)cpp"),
            Strings{});
}

TEST_F(LockFlow, UnlockWhereTheLockIsTakenOnAnotherBranchOnly) {
  EXPECT_EQ(functionLocksOf(R"cpp(
void f(bool fast) {
  if (fast) {
    pthread_mutex_unlock(&g);
    return;
  }
  pthread_mutex_lock(&g);
  pthread_mutex_unlock(&g);
}
)cpp"),
            Strings{"unlock-locked-elsewhere g 4 after 7"});
}

// h2o's cache.c: helpers that lock and unlock only when a member of their
// argument says the object is shared.
constexpr char FlagHelpers[] = R"cpp(
struct cache { int flags; int size; pthread_mutex_t mu; };
static void lock_cache(cache *c) {
  if ((c->flags & 1) != 0)
    pthread_mutex_lock(&c->mu);
}
static void unlock_cache(cache *c) {
  if (c->flags & 1)
    pthread_mutex_unlock(&c->mu);
}
static void enter(cache *c) { lock_cache(c); }
)cpp";

TEST_F(LockFlow, SummaryOfAHelperThatLocksUnderAMemberFlagIsSplitByIt) {
  EXPECT_EQ(effectsOf(std::string(FlagHelpers) + "void f() {}", "lock_cache"),
            Strings{"c.mu locked as-at-entry acquires if-true locked "
                    "if-false as-at-entry"});
  EXPECT_EQ(effectsOf(std::string(FlagHelpers) + "void f() {}", "unlock_cache"),
            Strings{"c.mu unlocked as-at-entry if-true unlocked "
                    "if-false as-at-entry"});
}

TEST_F(LockFlow, SummaryOfAWrapperOneCallDeeperIsSplitByTheSameCondition) {
  EXPECT_EQ(effectsOf(std::string(FlagHelpers) + "void f() {}", "enter"),
            Strings{"c.mu locked as-at-entry acquires if-true locked "
                    "if-false as-at-entry"});
}

TEST_F(LockFlow, HelpersUnderTheSameStableFlagLeaveNothingHeld) {
  EXPECT_EQ(functionLocksOf(std::string(FlagHelpers) + R"cpp(
int f(cache *c, int key) {
  enter(c);
  if (key > c->size) {
    unlock_cache(c);
    return 0;
  }
  unlock_cache(c);
  return key;
}
)cpp"),
            Strings{});
}

TEST_F(LockFlow, HelpersAroundAWriteOfTheFlagMayLeaveTheLockHeld) {
  EXPECT_EQ(functionLocksOf(std::string(FlagHelpers) + R"cpp(
void f(cache *c) {
  lock_cache(c);
  c->flags = 0;
  unlock_cache(c);
}
)cpp"),
            Strings{"leak c.mu 14 by lock_cache normal 1"});
}

TEST_F(LockFlow, TheCallersOwnTestOfTheFlagKnowsWhatTheHelperDid) {
  // Returning where a's flag is clear: lock_cache did not lock.
  EXPECT_EQ(functionLocksOf(std::string(FlagHelpers) + R"cpp(
void f(cache *a) {
  lock_cache(a);
  if (!(a->flags & 1))
    return;
  unlock_cache(a);
}
)cpp"),
            Strings{});
}

TEST_F(LockFlow, TheFlagOfAnotherObjectSaysNothing) {
  EXPECT_EQ(functionLocksOf(std::string(FlagHelpers) + R"cpp(
void f(cache *a, cache *b) {
  lock_cache(a);
  if (!(b->flags & 1))
    return;
  unlock_cache(a);
}
)cpp"),
            Strings{"leak a.mu 14 by lock_cache normal 1"});
}

// The findings contract: what the client reports through the engine, kept
// from the final pass only, with the earlier site and the callee's.

TEST_F(LockFlow, DoubleLockInALoopIsReportedOnceWithItsFirstLock) {
  // The loop needs several passes to its fixpoint; the finding is kept from
  // the last one only, once.
  EXPECT_EQ(findingsOf(R"cpp(
void f(int n) {
  pthread_mutex_lock(&g);
  for (int i = 0; i < n; ++i)
    pthread_mutex_lock(&g);
  pthread_mutex_unlock(&g);
}
)cpp"),
            // Held on every turn; the earlier lock is the first one met.
            Strings{"double-lock g 5 every after 3"});
}

TEST_F(LockFlow, DoubleUnlockNamesTheFirstUnlock) {
  EXPECT_EQ(findingsOf(R"cpp(
void f() {
  pthread_mutex_lock(&g);
  pthread_mutex_unlock(&g);
  pthread_mutex_unlock(&g);
}
)cpp"),
            Strings{"double-unlock g 5 every after 4"});
}

TEST_F(LockFlow, CalleeDoubleLockOnSomePathsNamesTheCalleesLock) {
  EXPECT_EQ(findingsOf(R"cpp(
static void bump() {
  pthread_mutex_lock(&g);
  pthread_mutex_unlock(&g);
}
void f(int x) {
  if (x)
    pthread_mutex_lock(&g);
  bump();
}
)cpp"),
            Strings{"double-lock g 9 some after 8 in bump at 3"});
}

TEST_F(LockFlow, CalleeRunForItsSummaryReportsNothingOfItsOwn) {
  // bump() locks twice itself: that is bump's finding, found when bump is
  // analysed, not f's (f's call does not relock a lock f holds).
  EXPECT_EQ(findingsOf(R"cpp(
static void bump() {
  pthread_mutex_lock(&h);
  pthread_mutex_lock(&h);
}
void f() {
  bump();
}
)cpp"),
            Strings{});
}

// FunctionLocks: which of the flow's findings are bugs whoever calls f,
// and which locks f leaves held.

TEST_F(LockFlow, CallersLockUnlockedAndRelockedIsNoFinding) {
  EXPECT_EQ(functionLocksOf(R"cpp(
void slow();
void f() {
  pthread_mutex_unlock(&g);
  slow();
  pthread_mutex_lock(&g);
}
)cpp"),
            Strings{});
  EXPECT_EQ(CallersLock, Strings{"g"});
}

TEST_F(LockFlow, UnlockAfterACallThatUnlocked) {
  EXPECT_EQ(functionLocksOf(R"cpp(
static void release() { pthread_mutex_unlock(&g); }
void f() {
  pthread_mutex_lock(&g);
  release();
  pthread_mutex_unlock(&g);
}
)cpp"),
            Strings{"unlock-after-call g 6 after 5"});
}

TEST_F(LockFlow, UnlockAfterALockThatFailed) {
  EXPECT_EQ(functionLocksOf(R"cpp(
void f() {
  if (pthread_mutex_lock(&g) != 0) {
    pthread_mutex_unlock(&g);
    return;
  }
  pthread_mutex_unlock(&g);
}
)cpp"),
            Strings{"unlock-after-failed-lock g 4 after 3"});
}

TEST_F(LockFlow, UnlockOfAStaticTheFunctionNeverLocks) {
  EXPECT_EQ(functionLocksOf(R"cpp(
void f() {
  static pthread_mutex_t m;
  pthread_mutex_unlock(&m);
}
)cpp"),
            Strings{"unlock-own-static m 4"});
}

TEST_F(LockFlow, UnlockOfAGlobalNothingInTheUnitLocks) {
  EXPECT_EQ(functionLocksOf(R"cpp(
static pthread_mutex_t p;
void f() { pthread_mutex_unlock(&p); }
)cpp"),
            Strings{"unlock-never-locked-in-unit p 3"});
}

TEST_F(LockFlow, UnlockOfAGlobalNoCallerHolds) {
  EXPECT_EQ(functionLocksOf(R"cpp(
void f() { pthread_mutex_unlock(&g); }
void caller() {
  pthread_mutex_lock(&g);
  pthread_mutex_unlock(&g);
  f();
}
)cpp"),
            // (A call where g is as caller's caller left it would ask that
            // caller's callers: unknown ones may hold it.)
            Strings{"unlock-not-held-by-callers g 2"});
}

TEST_F(LockFlow, UnlockOfAGlobalACallerHoldsIsARelease) {
  EXPECT_EQ(functionLocksOf(R"cpp(
void f() { pthread_mutex_unlock(&g); }
void caller() { pthread_mutex_lock(&g); f(); }
)cpp"),
            Strings{});
}

TEST_F(LockFlow, LockLeftHeldOnAReturn) {
  EXPECT_EQ(functionLocksOf(R"cpp(
void f(int x) {
  pthread_mutex_lock(&g);
  if (x)
    return;
  pthread_mutex_unlock(&g);
}
)cpp"),
            Strings{"leak g 3 normal 1"});
}

TEST_F(LockFlow, AcquireFunctionReturnsHoldingByDesign) {
  // Named for locking, by option, or with no path that unlocks: the caller
  // takes the lock over.
  EXPECT_EQ(functionLocksOf(R"cpp(
void f(int x) {
  pthread_mutex_lock(&g);
  if (x)
    return;
  pthread_mutex_unlock(&g);
}
)cpp",
                            {"::f"}),
            Strings{});
  EXPECT_EQ(functionLocksOf(R"cpp(
void f() { pthread_mutex_lock(&g); }
)cpp"),
            Strings{});
}

TEST_F(LockFlow, LockTakenByACalleeAndLeftHeld) {
  EXPECT_EQ(functionLocksOf(R"cpp(
static void take() { pthread_mutex_lock(&g); }
void f(int x) {
  take();
  if (x)
    return;
  pthread_mutex_unlock(&g);
}
)cpp"),
            Strings{"leak g 4 by take normal 1"});
}

TEST_F(LockFlow, BareLockUnlockPairOnAStandardMutex) {
  EXPECT_EQ(functionLocksOf(std::string(MiniMutex) + R"cpp(
std::mutex m;
void work();
void f() {
  m.lock();
  work();
  m.unlock();
}
)cpp"),
            Strings{"leak m 22 exceptional 1 bare-pair"});
}

// Status flags (LockStatusFlags.h): a local set after each lock and cleared
// after each unlock says, where it is tested, whether the lock is held; a
// flag out of step says nothing on the paths where it is.

TEST_F(LockFlow, StatusFlagKeepsTheGotoPathsApart) {
  const char *Code = R"cpp(
void f(int a, int b) {
  int locked = 0;
  pthread_mutex_lock(&g);
  locked = 1;
  if (a)
    goto out;
  pthread_mutex_unlock(&g);
  locked = 0;
  if (b)
    goto out;
  pthread_mutex_lock(&g);
  locked = 1;
out:
  if (locked)
    pthread_mutex_unlock(&g);
}
)cpp";
  EXPECT_EQ(findingsOf(Code), Strings{});
  EXPECT_EQ(statesAtReturn("g"), Strings{"unlocked"});
  EXPECT_EQ(functionLocksOf(Code), Strings{});
}

TEST_F(LockFlow, StatusFlagLeftSetByAnUnlockSaysNothingOnThatPath) {
  EXPECT_EQ(findingsOf(R"cpp(
void f(int a) {
  int locked = 0;
  pthread_mutex_lock(&g);
  locked = 1;
  if (a)
    pthread_mutex_unlock(&g);
  if (locked)
    pthread_mutex_unlock(&g);
}
)cpp"),
            // The flag is never 0: the paths where it is set are the
            // whole story, and one of them unlocks twice.
            Strings{"double-unlock g 9 some after 7"});
  EXPECT_EQ(statesAtReturn("g"), Strings{"unlocked"});
}

TEST_F(LockFlow, StatusFlagClearedWhileHeldSaysNothingOnThatPath) {
  EXPECT_EQ(functionLocksOf(R"cpp(
void f(int a) {
  int locked = 0;
  pthread_mutex_lock(&g);
  locked = 1;
  if (a)
    locked = 0;
  if (!locked)
    return;
  pthread_mutex_unlock(&g);
}
)cpp"),
            Strings{"leak g 4 normal 1"});
}

TEST_F(LockFlow, StatusFlagStaleAfterACalleeRelocks) {
  EXPECT_EQ(findingsOf(R"cpp(
static void take() { pthread_mutex_lock(&g); }
void f(int x, int y) {
  int locked = 0;
  pthread_mutex_lock(&g);
  locked = 1;
  if (x) {
    pthread_mutex_unlock(&g);
    locked = 0;
    if (y)
      take();
  }
  if (locked)
    pthread_mutex_unlock(&g);
}
)cpp"),
            Strings{});
  // Held at the end when x and y: take() locked it behind the flag.
  EXPECT_EQ(statesAtReturn("g"), (Strings{"locked", "unlocked"}));
}

TEST_F(LockFlow, StatusFlagStaleWhereAFailedLockIsTested) {
  EXPECT_EQ(findingsOf(R"cpp(
void f() {
  int locked = 0;
  pthread_mutex_lock(&g);
  locked = 1;
  pthread_mutex_unlock(&g);
  locked = 0;
  int err = pthread_mutex_lock(&g);
  locked = 1;
  if (err != 0 && locked)
    pthread_mutex_unlock(&g);
}
)cpp"),
            // The flag was set while the lock was thought taken; on the
            // error edge it is not, whatever the flag says.
            Strings{"unlock-unheld g 11 every"});
}

} // namespace
