//===--- LockFlowTest.cpp - conc-tidy -------------------------------------===//
//
// Part of conc. The lock client of the shared flow analysis: which findings
// it makes (double locks, on every path or some; unlocks of locks not
// held), what callees do to their callers' locks (summaries), locks made
// recursive by their attribute, and locks named through local pointers.
// Each test runs LockFlowClient on `f` and states what it must find, where.
//
//===----------------------------------------------------------------------===//

#include "analysis/LockFlow.h"
#include "analysis/LockSummaries.h"
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
using namespace clang::tidy::conc::locks;

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
    for (const LockFlowClient::LockFinding &F : Client.Findings) {
      std::string S = F.Kind == LockFlowClient::DoubleLock ? "double-lock "
                                                          : "unlock-unheld ";
      S += F.Object.name() + " " + std::to_string(line(F.Site->getBeginLoc()));
      S += F.OnEveryPath ? " every" : " some";
      if (F.Kind == LockFlowClient::UnlockUnlocked && !F.Prior)
        S += " from-entry";
      if (F.Callee)
        S += " in " + F.Callee->getNameAsString();
      Found.push_back(S);
    }
    std::sort(Found.begin(), Found.end());
    return Found;
  }

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
      Result.push_back(S);
    }
    return Result;
  }

  analysis::FlowResult Flow;

private:
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
            Strings{"double-lock g 4 every"});
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
            Strings{"double-lock g 5 some"});
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
            Strings{"double-lock g 8 every"});
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
            Strings{"double-lock m 23 every"});
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
            Strings{"double-lock s 29 every"});
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
            Strings{"double-lock g 9 every in count"});
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
            Strings{"double-lock a.mu 9 every in touch"});
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
            Strings{"double-lock g 9 every"});
}

TEST_F(LockFlow, PointerToAGlobalNamesTheGlobal) {
  EXPECT_EQ(findingsOf(R"cpp(
void f() {
  pthread_mutex_t *m = &g;
  pthread_mutex_lock(&g);
  pthread_mutex_lock(m);
}
)cpp"),
            Strings{"double-lock g 5 every"});
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

} // namespace
