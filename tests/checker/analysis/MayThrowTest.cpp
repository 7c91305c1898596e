//===--- MayThrowTest.cpp - conc-tidy -------------------------------------===//
//
// Part of conc. The one "may throw" answer: each test names a callee and
// says whether a call to it is a way out of its caller by an exception.
//
//===----------------------------------------------------------------------===//

#include "analysis/MayThrow.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::conc::analysis;

namespace {

class MayThrow : public ::testing::Test {
protected:
  void parse(const std::string &Code) {
    AST = tooling::buildASTFromCodeWithArgs(
        Code, {"-std=c++20", "-fexceptions", "-fcxx-exceptions"});
    ASSERT_TRUE(AST);
  }
  /// The function (or method) with this qualified name.
  const FunctionDecl &function(const std::string &Name) {
    auto Matches = match(functionDecl(hasName(Name)).bind("f"),
                         AST->getASTContext());
    EXPECT_FALSE(Matches.empty()) << Name;
    return *Matches.front().getNodeAs<FunctionDecl>("f");
  }
  std::unique_ptr<ASTUnit> AST;
};

constexpr const char *ThreadLike = R"cpp(
namespace lib {
struct Thread {
  void join();
  void detach();
  void run();
};
struct Mutex {
  void lock();
  void unlock();
  void unlock_shared();
};
struct Cond {
  void notify_one();
  void notify_all();
  void wait();
};
}
extern "C" int pthread_join(unsigned long, void **);
extern "C" int pthread_mutex_unlock(void *);
int pthread_cancel_hook(int); // a C++ function, but spelled pthread_*
void opaque();
)cpp";

TEST_F(MayThrow, JoinDetachNotifyUnlockAreTreatedAsNotThrowing) {
  parse(ThreadLike);
  for (const char *Name :
       {"lib::Thread::join", "lib::Thread::detach", "lib::Mutex::unlock",
        "lib::Mutex::unlock_shared", "lib::Cond::notify_one",
        "lib::Cond::notify_all"}) {
    EXPECT_TRUE(isTreatedAsNonThrowing(function(Name))) << Name;
    EXPECT_FALSE(mayThrow(function(Name))) << Name;
  }
}

TEST_F(MayThrow, PthreadFunctionsDoNotThrow) {
  parse(ThreadLike);
  EXPECT_FALSE(mayThrow(function("pthread_join")));
  EXPECT_FALSE(mayThrow(function("pthread_mutex_unlock")));
  EXPECT_FALSE(mayThrow(function("pthread_cancel_hook")));
}

TEST_F(MayThrow, OtherUnknownCallsMayThrow) {
  parse(ThreadLike);
  for (const char *Name :
       {"lib::Thread::run", "lib::Mutex::lock", "lib::Cond::wait", "opaque"}) {
    EXPECT_FALSE(isTreatedAsNonThrowing(function(Name))) << Name;
    EXPECT_TRUE(mayThrow(function(Name))) << Name;
  }
}

TEST_F(MayThrow, NoexceptAndBodiesThatThrowNothing) {
  parse(R"cpp(
void opaque();
void quiet() noexcept;
int add(int a, int b) { return a + b; }
int calls_quiet() { quiet(); return add(1, 2); }
void calls_opaque() { opaque(); }
void throws() { throw 1; }
int *allocates() { return new int(1); }
struct S { void join(); };
void joins(S &s) { s.join(); }
)cpp");
  EXPECT_FALSE(mayThrow(function("quiet")));
  EXPECT_FALSE(mayThrow(function("add")));
  EXPECT_FALSE(mayThrow(function("calls_quiet")));
  EXPECT_TRUE(mayThrow(function("calls_opaque")));
  EXPECT_TRUE(mayThrow(function("throws")));
  EXPECT_TRUE(mayThrow(function("allocates")));
  // The list applies at any depth: a helper that only joins does not throw.
  EXPECT_FALSE(mayThrow(function("joins")));
}

TEST_F(MayThrow, AnalyzerNoReturnEndsThePathButNoReturnAloneMayThrow) {
  parse(R"cpp(
void fail(const char *) __attribute__((analyzer_noreturn));
[[noreturn]] void raise(const char *);
void check(bool ok) { if (!ok) fail("check"); }
void insist(bool ok) { if (!ok) raise("insist"); }
)cpp");
  EXPECT_FALSE(mayThrow(function("fail")));
  EXPECT_FALSE(mayThrow(function("check")));
  EXPECT_TRUE(mayThrow(function("raise")));
  EXPECT_TRUE(mayThrow(function("insist")));
}

TEST_F(MayThrow, CacheGivesTheSameAnswers) {
  parse(R"cpp(
void opaque();
void quiet() noexcept;
void calls_opaque() { opaque(); }
)cpp");
  MayThrowCache Cache;
  for (int Round = 0; Round < 2; ++Round) {
    EXPECT_TRUE(Cache.mayThrow(function("opaque")));
    EXPECT_FALSE(Cache.mayThrow(function("quiet")));
    EXPECT_TRUE(Cache.mayThrow(function("calls_opaque")));
  }
}

} // namespace
