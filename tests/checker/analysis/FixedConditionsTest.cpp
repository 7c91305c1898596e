//===--- FixedConditionsTest.cpp - conc-tidy ------------------------------===//
//
// Part of conc. Branch conditions whose value the source fixes: which ones
// are known (locals never written after a constant initialisation), and
// which must never be assumed (written, exposed to writes, parameters,
// globals, statics, volatiles).
//
//===----------------------------------------------------------------------===//

#include "analysis/FixedConditions.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::conc::analysis;

namespace {

/// The fixed value of each `if` condition in `f`, in source order: "true",
/// "false" or "unknown".
std::vector<std::string>
conditionsOf(const std::string &Code,
             std::vector<std::pair<std::string, int64_t>> BoundByName = {}) {
  auto AST = tooling::buildASTFromCodeWithArgs(Code, {"-std=c++20"});
  EXPECT_TRUE(AST);
  ASTContext &Context = AST->getASTContext();
  auto Functions =
      match(functionDecl(hasName("f"), isDefinition()).bind("f"), Context);
  EXPECT_EQ(Functions.size(), 1u);
  const auto *F = Functions[0].getNodeAs<FunctionDecl>("f");
  const Stmt *Body = F->getBody();
  ParameterValues Bound;
  for (const auto &[Name, Value] : BoundByName)
    for (const ParmVarDecl *Param : F->parameters())
      if (Param->getName() == Name)
        Bound.push_back({Param, Value});
  EXPECT_EQ(Bound.size(), BoundByName.size());
  std::vector<std::string> Values;
  for (const BoundNodes &N :
       match(functionDecl(hasName("f"),
                          forEachDescendant(ifStmt().bind("if"))),
             Context)) {
    std::optional<bool> V =
        fixedConditionValue(*N.getNodeAs<IfStmt>("if")->getCond(), *Body,
                            Context, Bound.empty() ? nullptr : &Bound);
    Values.push_back(!V ? "unknown" : *V ? "true" : "false");
  }
  return Values;
}

using Strings = std::vector<std::string>;

TEST(FixedConditions, LocalsNeverWrittenKeepTheirInitialValue) {
  EXPECT_EQ(conditionsOf(R"cpp(
enum Mode { Off, On };
void g();
bool undefined_is_not_evaluated();
void f() {
  bool flag = false;
  int level = 2;
  const bool fast = true;
  Mode mode = On;
  if (flag) g();
  if (!flag) g();
  if (level > 1 && level != 3) g();
  if (level == 1 || flag) g();
  if (!fast) g();
  if (mode == Off) g();
  if (flag && undefined_is_not_evaluated()) g();
}
)cpp"),
            (Strings{"false", "true", "true", "false", "false", "false",
                     "false"}));
}

TEST(FixedConditions, WrittenOrExposedLocalsAreUnknown) {
  EXPECT_EQ(conditionsOf(R"cpp(
void set(bool *);
void bump(int &);
void look(const int &);
void g();
void f(int argc) {
  bool assigned = false;
  if (argc > 1) assigned = true;
  bool address = false;
  set(&address);
  int ref = 0;
  bump(ref);
  int alias = 0;
  int &other = alias;
  other = 1;
  int counted = 0;
  ++counted;
  bool captured = false;
  auto later = [&captured] { captured = true; };
  later();
  int read_only = 0;
  look(read_only);
  if (assigned) g();
  if (address) g();
  if (ref) g();
  if (alias) g();
  if (counted) g();
  if (captured) g();
  if (read_only) g();
}
)cpp"),
            (Strings{"unknown", "unknown", "unknown", "unknown", "unknown",
                     "unknown", "unknown", "false"}));
}

TEST(FixedConditions, ParametersGlobalsStaticsAndVolatilesAreUnknown) {
  EXPECT_EQ(conditionsOf(R"cpp(
int global_flag = 0;
void g();
void f(bool parameter) {
  static int once = 0;
  volatile int hardware = 0;
  if (parameter) g();
  if (global_flag) g();
  if (once) g();
  if (hardware) g();
}
)cpp"),
            (Strings{"unknown", "unknown", "unknown", "unknown"}));
}

// A summary learned for one call binds the parameters the call fixes
// (`fwd_get(q, /*do_lock=*/0)`): branches on them are fixed, unless the body
// writes the parameter; unbound parameters stay unknown.
TEST(FixedConditions, BoundParametersHaveTheirCallsValue) {
  EXPECT_EQ(conditionsOf(R"cpp(
void g();
void f(int do_lock, bool locked, int other, int rewritten) {
  if (do_lock) g();
  if (!locked) g();
  if (do_lock == 0 && locked) g();
  if (other) g();
  rewritten = 1;
  if (rewritten) g();
}
)cpp",
                         {{"do_lock", 0}, {"locked", 1}, {"rewritten", 0}}),
            (Strings{"false", "false", "true", "unknown", "unknown"}));
}

} // namespace
