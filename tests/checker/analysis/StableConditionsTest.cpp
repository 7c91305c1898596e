//===--- StableConditionsTest.cpp - conc-tidy -----------------------------===//
//
// Part of conc. Branch conditions that keep their value inside a function:
// which ones are stable (and which must not be: written, written by a
// callee of the file, read through a call), when two are the same, and how
// a callee's condition over its parameters reads at a call.
//
//===----------------------------------------------------------------------===//

#include "analysis/StableConditions.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::conc::analysis;

namespace {

class StableConditionsTest : public ::testing::Test {
protected:
  void build(const std::string &Code) {
    AST = tooling::buildASTFromCodeWithArgs(Code, {"-std=c++20"});
    ASSERT_TRUE(AST);
  }
  const FunctionDecl *function(const char *Name) {
    auto Matches =
        match(functionDecl(hasName(Name), isDefinition()).bind("f"),
              AST->getASTContext());
    EXPECT_EQ(Matches.size(), 1u);
    return Matches.empty() ? nullptr : Matches[0].getNodeAs<FunctionDecl>("f");
  }
  /// The guards of the `if` conditions of function Name, in source order.
  std::vector<std::optional<Guard>> guardsIn(const char *Name) {
    const FunctionDecl *F = function(Name);
    StableConditions Conditions(*F, AST->getASTContext());
    std::vector<std::optional<Guard>> Guards;
    for (const BoundNodes &N :
         match(functionDecl(hasName(Name), isDefinition(),
                            forEachDescendant(ifStmt().bind("if"))),
               AST->getASTContext()))
      Guards.push_back(
          Conditions.guardOf(*N.getNodeAs<IfStmt>("if")->getCond()));
    return Guards;
  }
  /// The first `if` condition of function Name.
  const Expr *firstCondition(const char *Name) {
    auto Matches = match(functionDecl(hasName(Name), isDefinition(),
                                      hasDescendant(ifStmt().bind("if"))),
                         AST->getASTContext());
    EXPECT_FALSE(Matches.empty());
    return Matches.empty() ? nullptr
                           : Matches[0].getNodeAs<IfStmt>("if")->getCond();
  }
  /// The first call to Callee in function Caller.
  const CallExpr *callIn(const char *Caller, const char *Callee) {
    auto Matches = match(
        functionDecl(hasName(Caller), isDefinition(),
                     hasDescendant(callExpr(callee(functionDecl(hasName(Callee))))
                                       .bind("call"))),
        AST->getASTContext());
    EXPECT_FALSE(Matches.empty());
    return Matches.empty() ? nullptr : Matches[0].getNodeAs<CallExpr>("call");
  }
  std::unique_ptr<ASTUnit> AST;
};

constexpr char Cache[] = R"cpp(
struct cache { int flags; int size; };
)cpp";

TEST_F(StableConditionsTest, OneConditionWrittenFourWaysHasOneKey) {
  build(std::string(Cache) + R"cpp(
void f(cache *c) {
  if ((c->flags & 1) != 0) {}
  if (c->flags & 1) {}
  if (!(c->flags & 1)) {}
  if ((c->flags & 1) == 0) {}
}
)cpp");
  auto Guards = guardsIn("f");
  ASSERT_EQ(Guards.size(), 4u);
  for (const auto &G : Guards)
    ASSERT_TRUE(G.has_value());
  EXPECT_EQ(Guards[0]->Condition, Guards[1]->Condition);
  EXPECT_EQ(Guards[0]->Condition, Guards[2]->Condition);
  EXPECT_EQ(Guards[0]->Condition, Guards[3]->Condition);
  EXPECT_TRUE(Guards[0]->Value);
  EXPECT_TRUE(Guards[1]->Value);
  EXPECT_FALSE(Guards[2]->Value);
  EXPECT_FALSE(Guards[3]->Value);
}

TEST_F(StableConditionsTest, OtherBitsAndOtherObjectsAreOtherConditions) {
  build(std::string(Cache) + R"cpp(
void f(cache *c, cache *d) {
  if (c->flags & 1) {}
  if (c->flags & 2) {}
  if (d->flags & 1) {}
  if (c->size & 1) {}
}
)cpp");
  auto Guards = guardsIn("f");
  ASSERT_EQ(Guards.size(), 4u);
  for (unsigned I = 0; I < 4; ++I) {
    ASSERT_TRUE(Guards[I].has_value());
    for (unsigned J = 0; J < I; ++J)
      EXPECT_NE(Guards[I]->Condition, Guards[J]->Condition) << I << " " << J;
  }
}

TEST_F(StableConditionsTest, AMemberWrittenInTheFunctionIsNotStable) {
  build(std::string(Cache) + R"cpp(
void f(cache *c, cache *d) {
  if (c->flags & 1) {}
  d->flags = 0;
  if (c->size) {}
}
)cpp");
  auto Guards = guardsIn("f");
  ASSERT_EQ(Guards.size(), 2u);
  EXPECT_FALSE(Guards[0].has_value()); // `flags` is written, on any object
  EXPECT_TRUE(Guards[1].has_value());
}

TEST_F(StableConditionsTest, AMemberWrittenByACalleeOfTheFileIsNotStable) {
  build(std::string(Cache) + R"cpp(
static void reset(cache *c) { c->flags = 0; }
static void helper(cache *c) { reset(c); }
void f(cache *c) {
  if (c->flags & 1) {}
  helper(c);
  if (c->size) {}
}
)cpp");
  auto Guards = guardsIn("f");
  ASSERT_EQ(Guards.size(), 2u);
  EXPECT_FALSE(Guards[0].has_value());
  EXPECT_TRUE(Guards[1].has_value());
}

TEST_F(StableConditionsTest, ReassignedPointersCallsAndVolatilesAreNotStable) {
  build(std::string(Cache) + R"cpp(
int get();
volatile int ready;
void f(cache *c, cache *d, bool need) {
  if (c->flags) {}
  if (get()) {}
  if (ready) {}
  if (need) {}
  c = d;
}
)cpp");
  auto Guards = guardsIn("f");
  ASSERT_EQ(Guards.size(), 4u);
  EXPECT_FALSE(Guards[0].has_value()); // c is reassigned
  EXPECT_FALSE(Guards[1].has_value()); // a call
  EXPECT_FALSE(Guards[2].has_value()); // a volatile global
  EXPECT_TRUE(Guards[3].has_value());
}

TEST_F(StableConditionsTest, ACalleesConditionReadsAsTheCallersAtTheCall) {
  build(std::string(Cache) + R"cpp(
static void lock_if(cache *c) { if ((c->flags & 1) != 0) {} }
void f(cache *x, cache *y) {
  lock_if(x);
  if (x->flags & 1) {}
  if (y->flags & 1) {}
}
)cpp");
  const FunctionDecl *Callee = function("lock_if");
  const FunctionDecl *Caller = function("f");
  ASTContext &Context = AST->getASTContext();
  StableConditions InCallee(*Callee, Context);
  auto Over = InCallee.parameterConditionOf(*firstCondition("lock_if"));
  ASSERT_TRUE(Over.has_value());
  EXPECT_TRUE(Over->second);
  StableConditions InCaller(*Caller, Context);
  std::optional<ParameterCondition> Here;
  std::optional<Guard> AtCall =
      InCaller.guardAtCall(Over->first, *Callee, *callIn("f", "lock_if"), &Here);
  ASSERT_TRUE(AtCall.has_value());
  auto Guards = guardsIn("f");
  ASSERT_EQ(Guards.size(), 2u);
  EXPECT_EQ(AtCall->Condition, Guards[0]->Condition); // x->flags & 1
  EXPECT_NE(AtCall->Condition, Guards[1]->Condition); // y->flags & 1
  // Over f's own parameters: a wrapper could hand it on.
  ASSERT_TRUE(Here.has_value());
}

TEST_F(StableConditionsTest, ANegatedArgumentIsTheOppositeOfTheCallersTest) {
  build(R"cpp(
static void lock_if(bool need) { if (need) {} }
void f(bool quiet) {
  lock_if(!quiet);
  if (quiet) {}
}
)cpp");
  ASTContext &Context = AST->getASTContext();
  const FunctionDecl *Callee = function("lock_if");
  auto Over = StableConditions(*Callee, Context)
                  .parameterConditionOf(*firstCondition("lock_if"));
  ASSERT_TRUE(Over.has_value());
  StableConditions InCaller(*function("f"), Context);
  std::optional<ParameterCondition> Here;
  auto AtCall =
      InCaller.guardAtCall(Over->first, *Callee, *callIn("f", "lock_if"), &Here);
  auto Own = guardsIn("f");
  ASSERT_TRUE(AtCall.has_value());
  ASSERT_EQ(Own.size(), 1u);
  ASSERT_TRUE(Own[0].has_value());
  EXPECT_EQ(AtCall->Condition, Own[0]->Condition);
  EXPECT_FALSE(AtCall->Value); // need is true where quiet is false
  EXPECT_TRUE(Own[0]->Value);
  ASSERT_TRUE(Here.has_value());
  EXPECT_EQ(StableConditions::guardOf(*Here, true).Condition, Own[0]->Condition);
}

TEST_F(StableConditionsTest, AnObjectPassedByAddressOrReferenceReadsTheSame) {
  build(std::string(Cache) + R"cpp(
static void by_pointer(cache *c) { if (c->flags & 1) {} }
static void by_reference(cache &c) { if (c.flags & 1) {} }
void f() {
  cache local{1, 0};
  by_pointer(&local);
  by_reference(local);
  if (local.flags & 1) {}
}
)cpp");
  ASTContext &Context = AST->getASTContext();
  StableConditions InCaller(*function("f"), Context);
  auto Own = guardsIn("f");
  ASSERT_EQ(Own.size(), 1u);
  ASSERT_TRUE(Own[0].has_value());
  for (const char *Name : {"by_pointer", "by_reference"}) {
    const FunctionDecl *Callee = function(Name);
    auto Over = StableConditions(*Callee, Context)
                    .parameterConditionOf(*firstCondition(Name));
    ASSERT_TRUE(Over.has_value()) << Name;
    std::optional<ParameterCondition> Here;
    auto AtCall = InCaller.guardAtCall(Over->first, *Callee,
                                       *callIn("f", Name), &Here);
    ASSERT_TRUE(AtCall.has_value()) << Name;
    EXPECT_EQ(AtCall->Condition, Own[0]->Condition) << Name;
    EXPECT_FALSE(Here.has_value()) << Name; // reads a local of f
  }
}

TEST_F(StableConditionsTest, AConditionOnALocalIsNoParameterCondition) {
  build(std::string(Cache) + R"cpp(
int g(cache *c) {
  int mode = c->flags;
  if (mode & 1) {}
  return 0;
}
)cpp");
  StableConditions Conditions(*function("g"), AST->getASTContext());
  const Expr *Condition = firstCondition("g");
  EXPECT_TRUE(Conditions.guardOf(*Condition).has_value());
  EXPECT_FALSE(Conditions.parameterConditionOf(*Condition).has_value());
}

TEST_F(StableConditionsTest, AMethodsMemberFlagReadsThroughTheObject) {
  build(R"cpp(
struct Counter {
  bool shared_ = false;
  void lock() { if (shared_) {} }
  void next() { lock(); if (shared_) {} }
};
void f(Counter *c) { c->lock(); if (c->shared_) {} }
)cpp");
  ASTContext &Context = AST->getASTContext();
  const FunctionDecl *Lock = function("lock");
  auto Over =
      StableConditions(*Lock, Context).parameterConditionOf(*firstCondition("lock"));
  ASSERT_TRUE(Over.has_value());
  for (const char *Caller : {"next", "f"}) {
    StableConditions InCaller(*function(Caller), Context);
    auto AtCall =
        InCaller.guardAtCall(Over->first, *Lock, *callIn(Caller, "lock"));
    auto Own = guardsIn(Caller);
    ASSERT_TRUE(AtCall.has_value()) << Caller;
    ASSERT_EQ(Own.size(), 1u) << Caller;
    ASSERT_TRUE(Own[0].has_value()) << Caller;
    EXPECT_EQ(AtCall->Condition, Own[0]->Condition) << Caller;
  }
}

} // namespace
