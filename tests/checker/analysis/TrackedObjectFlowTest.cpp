//===--- TrackedObjectFlowTest.cpp - conc-tidy ----------------------------===//
//
// Part of conc. The shared flow analysis, driven by a toy client: `open(r)`
// puts a resource in Open, `close(r)` in Closed. Every test states which
// exits must see the resource open, and where.
//
//===----------------------------------------------------------------------===//

#include "analysis/TrackedObjectFlow.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::conc::analysis;

namespace {

enum ResourceState : unsigned { Open, Closed, NumStates };

class OpenCloseClient : public FlowClient {
public:
  unsigned numStates() const override { return NumStates; }
  void transfer(const Stmt &S, TransferContext &Ctx) override {
    const auto *Call = dyn_cast<CallExpr>(&S);
    if (!Call || !Call->getDirectCallee() || Call->getNumArgs() != 1)
      return;
    StringRef Name = Call->getDirectCallee()->getName();
    std::optional<TrackedObject> Object =
        TrackedObject::fromExpr(Call->getArg(0));
    if (!Object)
      return;
    if (Name == "open") {
      if (Ctx.state().has(*Object, Open))
        Ctx.report(/*Kind=*/1, *Object, *Call);
      Ctx.state().set(*Object, Open, Call);
    } else if (Name == "close") {
      Ctx.state().set(*Object, Closed, Call);
    } else if (Ctx.summaries()) {
      Ctx.summaries()->applyCallSummary(*Call, Ctx.state());
    }
  }
};

/// One leaking exit, as the tests spell it: "<name> <kind> line:col".
struct Analysis {
  std::unique_ptr<ASTUnit> AST;
  FlowResult Result;
  std::vector<std::string> OpenExits;
  std::vector<std::string> Findings;
};

const char *kindName(ExitKind K) {
  switch (K) {
  case ExitKind::ScopeEnd: return "scope-end";
  case ExitKind::Return: return "return";
  case ExitKind::Break: return "break";
  case ExitKind::Continue: return "continue";
  case ExitKind::Goto: return "goto";
  case ExitKind::ThrowingCall: return "throwing-call";
  case ExitKind::Throw: return "throw";
  case ExitKind::UncaughtInTry: return "uncaught";
  case ExitKind::Reassignment: return "reassignment";
  case ExitKind::FunctionEnd: return "function-end";
  case ExitKind::FunctionThrows: return "function-throws";
  }
  return "?";
}

constexpr const char *Prelude = R"cpp(
struct Res { int fd = -1; };
void open(Res &) noexcept;
void close(Res &) noexcept;
void parse();
void quiet() noexcept;
)cpp";

Analysis analyse(const std::string &Code, bool WithSummaries = false) {
  Analysis R;
  std::string Source = std::string(Prelude) + Code;
  R.AST = tooling::buildASTFromCodeWithArgs(Source, {"-std=c++20", "-fexceptions", "-fcxx-exceptions"});
  EXPECT_TRUE(R.AST);
  ASTContext &Ctx = R.AST->getASTContext();
  auto Matches = match(functionDecl(hasName("f"), isDefinition()).bind("f"), Ctx);
  EXPECT_EQ(Matches.size(), 1u);
  const auto *F = Matches[0].getNodeAs<FunctionDecl>("f");
  OpenCloseClient Client;
  FunctionSummaries Summaries(Client, Ctx, Open);
  R.Result = runTrackedObjectFlow(*F, Ctx, Client,
                                  WithSummaries ? &Summaries : nullptr);
  EXPECT_TRUE(R.Result.Complete);
  SourceManager &SM = Ctx.getSourceManager();
  // Lines are counted from the start of Code, not of the prelude.
  unsigned PreludeLines = 6;
  for (const ExitEvent &E : R.Result.Exits) {
    if (!E.Facts.has(Open))
      continue;
    SourceLocation Loc = E.location(*F);
    R.OpenExits.push_back(E.Object.name() + " " + kindName(E.Kind) + " " +
                          std::to_string(SM.getSpellingLineNumber(Loc) -
                                         PreludeLines) +
                          ":" + std::to_string(SM.getSpellingColumnNumber(Loc)));
  }
  for (const Finding &Fd : R.Result.Findings)
    R.Findings.push_back(
        Fd.Object.name() + " " +
        std::to_string(SM.getSpellingLineNumber(Fd.Site->getBeginLoc()) -
                       PreludeLines));
  std::sort(R.OpenExits.begin(), R.OpenExits.end());
  return R;
}

using Strings = std::vector<std::string>;

TEST(TrackedObjectFlow, ClosedOnEveryPathHasNoOpenExit) {
  Analysis R = analyse(R"cpp(
void f() {
  Res r;
  open(r);
  quiet();
  close(r);
}
)cpp");
  EXPECT_EQ(R.OpenExits, Strings{});
}

TEST(TrackedObjectFlow, EarlyReturnLeavesOpen) {
  Analysis R = analyse(R"cpp(
void f(bool c) {
  Res r;
  open(r);
  if (c)
    return;
  close(r);
}
)cpp");
  EXPECT_EQ(R.OpenExits, Strings{"r return 6:5"});
}

TEST(TrackedObjectFlow, OriginIsTheOpeningCall) {
  Analysis R = analyse(R"cpp(
void f(bool c) {
  Res r;
  open(r);
  if (c)
    return;
  close(r);
}
)cpp");
  for (const ExitEvent &E : R.Result.Exits)
    if (E.Facts.has(Open)) {
      const auto *Call = dyn_cast_or_null<CallExpr>(E.Facts.origin(Open));
      ASSERT_TRUE(Call);
      EXPECT_EQ(Call->getDirectCallee()->getName(), "open");
    }
}

TEST(TrackedObjectFlow, ThrowingCallDestroysTheLocal) {
  Analysis R = analyse(R"cpp(
void f() {
  Res r;
  open(r);
  parse();
  close(r);
}
)cpp");
  EXPECT_EQ(R.OpenExits, Strings{"r throwing-call 5:3"});
  for (const ExitEvent &E : R.Result.Exits)
    if (E.Kind == ExitKind::ThrowingCall)
      EXPECT_EQ(E.describe(), "if 'parse' throws here");
}

TEST(TrackedObjectFlow, NoexceptCalleeIsNoExit) {
  Analysis R = analyse(R"cpp(
void f() {
  Res r;
  open(r);
  quiet();
  close(r);
}
)cpp");
  EXPECT_EQ(R.OpenExits, Strings{});
}

TEST(TrackedObjectFlow, CatchAllThatClosesAndRethrowsIsClean) {
  Analysis R = analyse(R"cpp(
void f() {
  Res r;
  open(r);
  try {
    parse();
  } catch (...) {
    close(r);
    throw;
  }
  close(r);
}
)cpp");
  EXPECT_EQ(R.OpenExits, Strings{});
}

TEST(TrackedObjectFlow, HandlerThatDoesNotCatchEverythingLeaks) {
  Analysis R = analyse(R"cpp(
void f() {
  Res r;
  open(r);
  try {
    parse();
  } catch (int) {
    close(r);
    throw;
  }
  close(r);
}
)cpp");
  EXPECT_EQ(R.OpenExits, Strings{"r uncaught 5:3"});
}

TEST(TrackedObjectFlow, LocalInsideTryIsDestroyedOnTheWayToTheHandler) {
  Analysis R = analyse(R"cpp(
void f() {
  try {
    Res inner;
    open(inner);
    parse();
    close(inner);
  } catch (...) {
  }
}
)cpp");
  EXPECT_EQ(R.OpenExits, Strings{"inner throwing-call 6:5"});
}

TEST(TrackedObjectFlow, LoopReachesAFixpoint) {
  Analysis R = analyse(R"cpp(
void f(int n) {
  Res r;
  for (int i = 0; i < n; ++i) {
    open(r);
    if (i == 3)
      break;
    close(r);
  }
  quiet();
}
)cpp");
  // Open only through the break; the scope end sees it.
  EXPECT_EQ(R.OpenExits, Strings{"r scope-end 11:1"});
}

TEST(TrackedObjectFlow, BreakOutOfAScopeIsAnExit) {
  Analysis R = analyse(R"cpp(
void f(int n) {
  for (int i = 0; i < n; ++i) {
    Res r;
    open(r);
    if (i == 3)
      break;
    close(r);
  }
}
)cpp");
  EXPECT_EQ(R.OpenExits, Strings{"r break 7:7"});
}

TEST(TrackedObjectFlow, SameStableConditionIsCorrelated) {
  Analysis R = analyse(R"cpp(
void f(bool c) {
  Res r;
  if (c)
    open(r);
  quiet();
  if (c)
    close(r);
}
)cpp");
  EXPECT_EQ(R.OpenExits, Strings{});
}

TEST(TrackedObjectFlow, WrittenConditionIsNotCorrelated) {
  Analysis R = analyse(R"cpp(
void f(bool c) {
  Res r;
  if (c)
    open(r);
  c = !c;
  if (c)
    close(r);
}
)cpp");
  EXPECT_EQ(R.OpenExits, Strings{"r scope-end 9:1"});
}

TEST(TrackedObjectFlow, SummaryOfACalleeThatCloses) {
  std::string Code = R"cpp(
void finish(Res &r) { close(r); }
void f() {
  Res r;
  open(r);
  finish(r);
}
)cpp";
  EXPECT_EQ(analyse(Code, /*WithSummaries=*/true).OpenExits, Strings{});
  // Without summaries finish() is unknown and may throw.
  EXPECT_EQ(analyse(Code, false).OpenExits,
            (Strings{"r scope-end 7:1", "r throwing-call 6:3"}));
}

TEST(TrackedObjectFlow, SummaryOfACalleeThatClosesOnlySometimes) {
  Analysis R = analyse(R"cpp(
void maybe(Res &r, bool c) noexcept { if (c) close(r); }
void f(bool c) {
  Res r;
  open(r);
  maybe(r, c);
}
)cpp",
                  /*WithSummaries=*/true);
  EXPECT_EQ(R.OpenExits, Strings{"r scope-end 7:1"});
}

TEST(TrackedObjectFlow, ParameterOutlivesTheFunction) {
  Analysis R = analyse(R"cpp(
void f(Res &r, bool c) {
  open(r);
  if (c)
    return;
  close(r);
}
)cpp");
  EXPECT_EQ(R.OpenExits, Strings{"r function-end 5:5"});
}

TEST(TrackedObjectFlow, ClientFindingsComeFromTheFinalPassOnly) {
  Analysis R = analyse(R"cpp(
void f(int n) {
  Res r;
  for (int i = 0; i < n; ++i)
    open(r);
  close(r);
}
)cpp");
  // The second iteration opens an open resource: one report, not one per
  // fixpoint round.
  EXPECT_EQ(R.Findings, Strings{"r 5"});
}

TEST(TrackedObjectFlow, NoReturnCallLeavesNothing) {
  Analysis R = analyse(R"cpp(
[[noreturn]] void die();
void f(bool c) {
  Res r;
  open(r);
  if (c)
    die();
  close(r);
}
)cpp");
  EXPECT_EQ(R.OpenExits, Strings{});
}

} // namespace
