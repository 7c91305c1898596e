//===--- LockStatusFlagsTest.cpp - conc-tidy ------------------------------===//
//
// Part of conc. Local flags that record whether a lock is held: which
// locals are taken for one (and which lock each follows), which are not
// (written behind the flow's back, or following no lock, or two), and what
// a write or a test of one says. Whether a flag is in step at a test is the
// flow's (LockFlowTest.cpp).
//
//===----------------------------------------------------------------------===//

#include "analysis/LockFlow.h"
#include "analysis/LockPointers.h"
#include "analysis/LockStatusFlags.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::conc::analysis;

namespace {

constexpr const char *Prelude = R"cpp(
extern "C" {
typedef union { char size[40]; long align; } pthread_mutex_t;
int pthread_mutex_lock(pthread_mutex_t *);
int pthread_mutex_trylock(pthread_mutex_t *);
int pthread_mutex_unlock(pthread_mutex_t *);
}
pthread_mutex_t g, h;
int work();
void touch(int *);
)cpp";

using Strings = std::vector<std::string>;

class StatusFlags : public ::testing::Test {
protected:
  /// The flags of `f`: "<flag> follows <lock>[ only <value>]".
  Strings flagsOf(const std::string &Code) {
    build(Code);
    Strings Found;
    for (const LockStatusFlag &F : Flags.flags()) {
      std::string S =
          F.Flag->getNameAsString() + " follows " + F.Lock.name();
      if (F.OnlyNonZero)
        S += " only " + std::to_string(*F.OnlyNonZero);
      Found.push_back(S);
    }
    return Found;
  }

  /// What each `if` condition of `f` says of a flag on its true edge and on
  /// its false edge, in source order: "<flag>=1/<flag>=0", "?" for nothing.
  Strings readingsOf(const std::string &Code) {
    build(Code);
    Strings Found;
    for (const BoundNodes &N :
         match(functionDecl(hasName("f"),
                            forEachDescendant(ifStmt().bind("if"))),
               *Context)) {
      const Expr &Cond = *N.getNodeAs<IfStmt>("if")->getCond();
      std::string S;
      for (bool Value : {true, false}) {
        std::optional<LockStatusFlags::Reading> R =
            Flags.readingOf(Cond, Value);
        S += Value ? "" : "/";
        S += R ? R->Flag->Flag->getNameAsString() + (R->NonZero ? "=1" : "=0")
               : "?";
      }
      Found.push_back(S);
    }
    return Found;
  }

  /// What each statement `f` writes a flag with says, in source order:
  /// "<flag> non-zero", "<flag> zero", "<flag> unknown".
  Strings writesOf(const std::string &Code) {
    build(Code);
    Strings Found;
    auto Describe = [&](const Stmt &S) {
      if (std::optional<LockStatusFlags::Write> W = Flags.writeOf(S))
        Found.push_back(W->Flag->Flag->getNameAsString() +
                        (!W->NonZero   ? " unknown"
                         : *W->NonZero ? " non-zero"
                                       : " zero"));
    };
    for (const BoundNodes &N :
         match(functionDecl(hasName("f"),
                            forEachDescendant(stmt(anyOf(
                                binaryOperator(isAssignmentOperator()),
                                declStmt())).bind("s"))),
               *Context))
      Describe(*N.getNodeAs<Stmt>("s"));
    return Found;
  }

private:
  void build(const std::string &Code) {
    AST = tooling::buildASTFromCodeWithArgs(std::string(Prelude) + Code,
                                            {"-std=c++20"});
    ASSERT_TRUE(AST);
    Context = &AST->getASTContext();
    auto Matches =
        match(functionDecl(hasName("f"), isDefinition()).bind("f"), *Context);
    ASSERT_EQ(Matches.size(), 1u);
    const auto *F = Matches[0].getNodeAs<FunctionDecl>("f");
    Pointers = LockPointers(*F);
    Flags = LockStatusFlags(*F->getBody(), Vocab, Pointers, *Context);
  }
  LockVocabulary Vocab;
  std::unique_ptr<ASTUnit> AST;
  ASTContext *Context = nullptr;
  LockPointers Pointers;
  LockStatusFlags Flags;
};

TEST_F(StatusFlags, SetAfterEachLockFollowsThatLock) {
  EXPECT_EQ(flagsOf(R"cpp(
void f() {
  int locked = 0, other = 0;
  bool held = false;
  pthread_mutex_lock(&g);
  locked = 1;
  pthread_mutex_lock(&h);
  held = true;
  other = 1;
  pthread_mutex_unlock(&h);
  held = false;
  pthread_mutex_unlock(&g);
  locked = 0;
}
)cpp"),
            // `other` is set after an assignment, not after a lock.
            (Strings{"locked follows g only 1", "held follows h only 1"}));
}

TEST_F(StatusFlags, SetInsideAMacroBlockFollowsTheLock) {
  EXPECT_EQ(flagsOf(R"cpp(
#define ENTER() do { pthread_mutex_lock(&g); entered = 2; } while (0)
void f() {
  int entered = 0;
  ENTER();
  if (work())
    entered = 1;
}
)cpp"),
            // Given 1 and 2: no one non-zero value.
            Strings{"entered follows g"});
}

TEST_F(StatusFlags, WrittenBehindTheFlowsBackIsNoFlag) {
  EXPECT_EQ(flagsOf(R"cpp(
void f() {
  int address = 0, incremented = 0, compound = 0, nested = 0, bound = 0,
      captured = 0, copied = 0;
  pthread_mutex_lock(&g);
  address = 1;
  touch(&address);
  pthread_mutex_lock(&g);
  incremented = 1;
  incremented++;
  pthread_mutex_lock(&g);
  compound = 1;
  compound |= 2;
  pthread_mutex_lock(&g);
  nested = 1;
  int x = nested = 0;
  pthread_mutex_lock(&g);
  bound = 1;
  int &alias = bound;
  pthread_mutex_lock(&g);
  captured = 1;
  auto clear = [&] { captured = 0; };
  pthread_mutex_lock(&g);
  copied = 1;
  auto read = [copied] { return copied; };
}
)cpp"),
            // A lambda that captures by copy reads its own copy.
            Strings{"copied follows g only 1"});
}

TEST_F(StatusFlags, OnlyLocalsOfPlainTypesFollowingOneLock) {
  EXPECT_EQ(flagsOf(R"cpp(
int global_flag;
void f(int param) {
  static int kept = 0;
  volatile int shared = 0;
  int two_locks = 0, after_unlock = 0, zero_after_lock = 0, before = 0;
  pthread_mutex_lock(&g);
  global_flag = 1;
  pthread_mutex_lock(&g);
  param = 1;
  pthread_mutex_lock(&g);
  kept = 1;
  pthread_mutex_lock(&g);
  shared = 1;
  pthread_mutex_lock(&g);
  two_locks = 1;
  pthread_mutex_lock(&h);
  two_locks = 1;
  pthread_mutex_unlock(&g);
  after_unlock = 1;
  pthread_mutex_lock(&g);
  zero_after_lock = 0;
  before = 1;
  pthread_mutex_lock(&g);
  if (pthread_mutex_trylock(&h) == 0) {
  }
}
)cpp"),
            Strings{});
}

TEST_F(StatusFlags, WritesSayWhetherTheValueIsAConstantNonZero) {
  EXPECT_EQ(writesOf(R"cpp(
void f() {
  int locked = 0;
  int unrelated = 3;
  const int yes = 1;
  pthread_mutex_lock(&g);
  locked = 1;
  locked = yes;
  locked = work();
  locked = 0;
  unrelated = 4;
}
)cpp"),
            (Strings{"locked zero", "locked non-zero", "locked non-zero",
                     "locked unknown", "locked zero"}));
}

TEST_F(StatusFlags, TestsSayWhatTheFlagIsOnEachEdge) {
  EXPECT_EQ(readingsOf(R"cpp(
void f() {
  int locked = 0, other = 0;
  pthread_mutex_lock(&g);
  locked = 1;
  pthread_mutex_unlock(&g);
  locked = 0;
  if (locked) {}
  if (!locked) {}
  if (locked == 1) {}
  if (1 != locked) {}
  if (locked != 0) {}
  if (!(locked == 0)) {}
  if (locked == 2) {}
  if (other) {}
  if (locked > 0) {}
}
)cpp"),
            (Strings{"locked=1/locked=0", "locked=0/locked=1",
                     "locked=1/locked=0", "locked=0/locked=1",
                     "locked=1/locked=0", "locked=1/locked=0",
                     // Never 2: true says non-zero, false says nothing.
                     "locked=1/?", "?/?", "?/?"}));
}

TEST_F(StatusFlags, ANotEqualTestSaysZeroOnlyForTheOneNonZeroValue) {
  EXPECT_EQ(readingsOf(R"cpp(
void f() {
  int state = 0;
  pthread_mutex_lock(&g);
  state = 1;
  if (work())
    state = 2;
  if (state == 1) {}
  if (state != 0) {}
}
)cpp"),
            // `if (work())` tests no flag.
            (Strings{"?/?", "state=1/?", "state=1/state=0"}));
}

} // namespace
