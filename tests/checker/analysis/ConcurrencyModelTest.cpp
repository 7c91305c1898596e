//===--- ConcurrencyModelTest.cpp - conc-tidy -----------------------------===//
//
// Part of conc. The concurrency model on small spawners: each test marks
// points with calls `at_a()`, `at_b()`... and states whether they can run
// at the same time, or which happens before which.
//
//===----------------------------------------------------------------------===//

#include "analysis/ConcurrencyModel.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::conc;
using namespace clang::tidy::conc::analysis;

namespace {

constexpr const char *Prelude = R"cpp(
namespace std {
template <class F> struct function_ref_dummy {};
struct thread {
  template <class F> explicit thread(F f);
  thread(thread &&) noexcept;
  ~thread();
  void join();
  void detach();
  bool joinable() const noexcept;
};
struct latch {
  explicit latch(long);
  void count_down(long = 1);
  void wait() const;
};
template <class T> struct future { T get(); };
template <> struct future<void> { void get(); };
template <class T> struct promise {
  future<T> get_future();
  void set_value();
};
}
void at_a(); void at_b(); void at_c();
)cpp";

class ConcurrencyModelTest : public ::testing::Test {
protected:
  void build(const std::string &Code) {
    AST = tooling::buildASTFromCodeWithArgs(std::string(Prelude) + Code,
                                            {"-std=c++20"});
    ASSERT_TRUE(AST);
    ASTContext &Ctx = AST->getASTContext();
    auto Fs = match(functionDecl(hasName("f"), isDefinition()).bind("f"), Ctx);
    ASSERT_EQ(Fs.size(), 1u);
    Spawner = Fs[0].getNodeAs<FunctionDecl>("f");
    for (const BoundNodes &N :
         match(findAll(stmt(analysis::threadStartMatcher(Vocabulary)).bind("s")),
               *Spawner->getBody(), Ctx))
      if (auto Start = analysis::classifyThreadStart(N.getNodeAs<Expr>("s"), Vocabulary))
        Starts.push_back(*Start);
    Model = std::make_unique<ConcurrencyModel>(*Spawner, Starts, Ctx,
                                               Vocabulary);
  }
  /// The call `Name()` and the thread whose body holds it.
  ProgramPoint point(const std::string &Name) {
    ASTContext &Ctx = AST->getASTContext();
    auto Calls = match(
        findAll(callExpr(callee(functionDecl(hasName(Name)))).bind("c")),
        *Spawner->getBody(), Ctx);
    EXPECT_EQ(Calls.size(), 1u) << Name;
    const auto *Call = Calls[0].getNodeAs<CallExpr>("c");
    ProgramPoint P{ProgramPoint::Spawner, Call};
    for (unsigned I = 0; I < Starts.size(); ++I)
      if (Starts[I].Lambda &&
          analysis::isWithin(Call, Starts[I].Lambda->getBody(), Ctx.getSourceManager()))
        P.Thread = static_cast<int>(I);
    return P;
  }
  bool concurrent(const char *A, const char *B) {
    return Model->concurrent(point(A), point(B));
  }
  bool before(const char *A, const char *B) {
    return Model->happensBefore(point(A), point(B));
  }

  analysis::ThreadStartVocabulary Vocabulary;
  std::unique_ptr<ASTUnit> AST;
  const FunctionDecl *Spawner = nullptr;
  std::vector<analysis::ThreadStart> Starts;
  std::unique_ptr<ConcurrencyModel> Model;
};

TEST_F(ConcurrencyModelTest, ThreadsStartedTogetherRunTogether) {
  build(R"cpp(
void f() {
  std::thread a([] { at_a(); });
  std::thread b([] { at_b(); });
  at_c();
  a.join();
  b.join();
}
)cpp");
  EXPECT_TRUE(concurrent("at_a", "at_b"));
  EXPECT_TRUE(concurrent("at_a", "at_c"));
  EXPECT_FALSE(before("at_a", "at_b"));
}

TEST_F(ConcurrencyModelTest, JoinedBeforeTheNextStartIsOrdered) {
  build(R"cpp(
void f() {
  at_c();
  std::thread a([] { at_a(); });
  a.join();
  std::thread b([] { at_b(); });
  b.join();
}
)cpp");
  EXPECT_FALSE(concurrent("at_a", "at_b"));
  EXPECT_TRUE(before("at_a", "at_b"));
  EXPECT_TRUE(before("at_c", "at_a"));
  EXPECT_FALSE(before("at_b", "at_a"));
}

TEST_F(ConcurrencyModelTest, OtherBranchNeverRunsWithTheThread) {
  build(R"cpp(
void f(bool c) {
  if (c) {
    std::thread a([] { at_a(); });
    a.detach();
  } else {
    at_b();
  }
}
)cpp");
  EXPECT_FALSE(concurrent("at_a", "at_b"));
}

TEST_F(ConcurrencyModelTest, LatchHandOffOrdersAcrossThreads) {
  build(R"cpp(
void f() {
  std::latch ready(1);
  std::thread a([&] { at_a(); ready.count_down(); });
  ready.wait();
  at_b();
  at_c();
  a.join();
}
)cpp");
  EXPECT_TRUE(before("at_a", "at_b"));
  EXPECT_FALSE(concurrent("at_a", "at_c"));
}

TEST_F(ConcurrencyModelTest, FutureIsTheSameHandOffAsItsPromise) {
  build(R"cpp(
void f() {
  std::promise<void> p;
  std::future<void> done = p.get_future();
  std::thread a([&] { at_a(); p.set_value(); at_c(); });
  done.get();
  at_b();
  a.join();
}
)cpp");
  EXPECT_TRUE(before("at_a", "at_b"));
  EXPECT_TRUE(concurrent("at_c", "at_b"));
}

TEST_F(ConcurrencyModelTest, LoopWithoutJoinRepeatsTheThread) {
  build(R"cpp(
void f(int n) {
  for (int i = 0; i < n; ++i) {
    std::thread a([] { at_a(); });
    a.detach();
  }
  for (int i = 0; i < n; ++i) {
    std::thread b([] { at_b(); });
    b.join();
  }
}
)cpp");
  EXPECT_TRUE(Model->isRepeated(point("at_a").Thread));
  EXPECT_FALSE(Model->isRepeated(point("at_b").Thread));
  EXPECT_TRUE(concurrent("at_a", "at_a"));
  EXPECT_FALSE(concurrent("at_b", "at_b"));
}

} // namespace

TEST_F(ConcurrencyModelTest, AlwaysRunsBeforeIsDominanceNotSourceOrder) {
  build(R"cpp(
void at_d(); void at_e();
void f(bool c, int n) {
  if (c)
    at_a();
  else
    at_b();
  for (int i = 0; i < n; ++i)
    at_c();
  at_d();
  if (c)
    at_e();
}
)cpp");
  auto always = [&](std::vector<const char *> Firsts, const char *Then) {
    std::vector<ProgramPoint> Points;
    for (const char *Name : Firsts)
      Points.push_back(point(Name));
    return Model->alwaysRunsBefore(Points, point(Then));
  };
  EXPECT_FALSE(always({"at_a"}, "at_c"));          // one branch only
  EXPECT_TRUE(always({"at_a", "at_b"}, "at_c"));   // both branches together
  EXPECT_TRUE(always({"at_a", "at_b"}, "at_d"));
  EXPECT_FALSE(always({"at_c"}, "at_d"));          // the loop may not run
  EXPECT_FALSE(always({"at_d"}, "at_c"));          // after, not before
  EXPECT_TRUE(always({"at_d"}, "at_e"));
  EXPECT_FALSE(always({}, "at_d"));                // nothing runs before
}
