//===--- TrackedObjectFlowTest.cpp - conc-tidy ----------------------------===//
//
// Part of conc. The shared flow analysis, driven by a toy client: `open(r)`
// puts a resource in Open, `close(r)` in Closed. Every test states which
// exits must see the resource open, and where.
//
//===----------------------------------------------------------------------===//

#include "analysis/TrackedObjectFlow.h"
#include "analysis/ExitNotes.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"
#include <algorithm>
#include <cstring>

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

using Strings = std::vector<std::string>;

/// Runs the analysis with the toy client on `f` in the prelude plus Code.
/// Lines in the results are counted from the start of Code.
class TrackedObjectFlow : public ::testing::Test {
protected:
  /// Analyses Code; the results are in Result, openExits() and findings().
  void analyse(const std::string &Code, bool WithSummaries = false) {
    std::string Source = std::string(Prelude) + Code;
    AST = tooling::buildASTFromCodeWithArgs(
        Source, {"-std=c++20", "-fexceptions", "-fcxx-exceptions"});
    ASSERT_TRUE(AST);
    ASTContext &Ctx = AST->getASTContext();
    auto Matches =
        match(functionDecl(hasName("f"), isDefinition()).bind("f"), Ctx);
    ASSERT_EQ(Matches.size(), 1u);
    Function = Matches[0].getNodeAs<FunctionDecl>("f");
    OpenCloseClient Client;
    FunctionSummaries Summaries(Client, Ctx, Open);
    Result = runTrackedObjectFlow(*Function, Ctx, Client,
                                  WithSummaries ? &Summaries : nullptr);
    EXPECT_TRUE(Result.Complete);
  }

  /// Each exit that sees the resource open, as "<name> <kind> line:col",
  /// sorted.
  Strings openExits() const {
    Strings Exits;
    for (const ExitEvent &E : Result.Exits)
      if (E.Facts.has(Open))
        Exits.push_back(E.Object.name() + " " + kindName(E.Kind) + " " +
                        position(E.location(*Function)));
    std::sort(Exits.begin(), Exits.end());
    return Exits;
  }

  /// The client's findings, as "<name> <line>".
  Strings findings() const {
    Strings Found;
    for (const Finding &F : Result.Findings)
      Found.push_back(F.Object.name() + " " +
                      std::to_string(line(F.Site->getBeginLoc())));
    return Found;
  }

  /// Analyses Code and returns its open exits: what most tests check.
  Strings openExitsOf(const std::string &Code, bool WithSummaries = false) {
    analyse(Code, WithSummaries);
    return openExits();
  }

  /// The notes planExitNotes() keeps for the open exits, as "<kind> line",
  /// and "+N at line" for the exception exits it counts instead.
  Strings plannedNotes() const {
    llvm::SmallVector<const ExitEvent *, 8> OpenExits;
    for (const ExitEvent &E : Result.Exits)
      if (E.Facts.has(Open))
        OpenExits.push_back(&E);
    std::sort(OpenExits.begin(), OpenExits.end(),
              [&](const ExitEvent *A, const ExitEvent *B) {
                return AST->getSourceManager().isBeforeInTranslationUnit(
                    A->location(*Function), B->location(*Function));
              });
    ExitNotePlan Plan =
        planExitNotes(OpenExits, *Function, AST->getSourceManager());
    Strings Notes;
    for (const ExitEvent *E : Plan.Noted)
      Notes.push_back(std::string(kindName(E->Kind)) + " " +
                      std::to_string(line(E->location(*Function))));
    if (Plan.MoreExceptional)
      Notes.push_back("+" + std::to_string(Plan.MoreExceptional) + " at " +
                      std::to_string(line(Plan.MoreAt)));
    return Notes;
  }

  FlowResult Result;

private:
  unsigned line(SourceLocation Loc) const {
    return AST->getSourceManager().getSpellingLineNumber(Loc) - PreludeLines;
  }
  std::string position(SourceLocation Loc) const {
    return std::to_string(line(Loc)) + ":" +
           std::to_string(AST->getSourceManager().getSpellingColumnNumber(Loc));
  }

  static inline const unsigned PreludeLines =
      std::count(Prelude, Prelude + std::strlen(Prelude), '\n');
  std::unique_ptr<ASTUnit> AST;
  const FunctionDecl *Function = nullptr;
};

TEST_F(TrackedObjectFlow, ClosedOnEveryPathHasNoOpenExit) {
  EXPECT_EQ(openExitsOf(R"cpp(
void f() {
  Res r;
  open(r);
  quiet();
  close(r);
}
)cpp"),
            Strings{});
}

TEST_F(TrackedObjectFlow, EarlyReturnLeavesOpen) {
  EXPECT_EQ(openExitsOf(R"cpp(
void f(bool c) {
  Res r;
  open(r);
  if (c)
    return;
  close(r);
}
)cpp"),
            Strings{"r return 6:5"});
}

TEST_F(TrackedObjectFlow, OriginIsTheOpeningCall) {
  analyse(R"cpp(
void f(bool c) {
  Res r;
  open(r);
  if (c)
    return;
  close(r);
}
)cpp");
  for (const ExitEvent &E : Result.Exits)
    if (E.Facts.has(Open)) {
      const auto *Call = dyn_cast_or_null<CallExpr>(E.Facts.origin(Open));
      ASSERT_TRUE(Call);
      EXPECT_EQ(Call->getDirectCallee()->getName(), "open");
    }
}

TEST_F(TrackedObjectFlow, ThrowingCallDestroysTheLocal) {
  analyse(R"cpp(
void f() {
  Res r;
  open(r);
  parse();
  close(r);
}
)cpp");
  EXPECT_EQ(openExits(), Strings{"r throwing-call 5:3"});
  for (const ExitEvent &E : Result.Exits)
    if (E.Kind == ExitKind::ThrowingCall)
      EXPECT_EQ(E.describe(), "if 'parse' throws here");
}

TEST_F(TrackedObjectFlow, NoexceptCalleeIsNoExit) {
  EXPECT_EQ(openExitsOf(R"cpp(
void f() {
  Res r;
  open(r);
  quiet();
  close(r);
}
)cpp"),
            Strings{});
}

TEST_F(TrackedObjectFlow, CatchAllThatClosesAndRethrowsIsClean) {
  EXPECT_EQ(openExitsOf(R"cpp(
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
)cpp"),
            Strings{});
}

TEST_F(TrackedObjectFlow, HandlerThatDoesNotCatchEverythingLeaks) {
  EXPECT_EQ(openExitsOf(R"cpp(
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
)cpp"),
            Strings{"r uncaught 5:3"});
}

TEST_F(TrackedObjectFlow, LocalInsideTryIsDestroyedOnTheWayToTheHandler) {
  EXPECT_EQ(openExitsOf(R"cpp(
void f() {
  try {
    Res inner;
    open(inner);
    parse();
    close(inner);
  } catch (...) {
  }
}
)cpp"),
            Strings{"inner throwing-call 6:5"});
}

TEST_F(TrackedObjectFlow, LoopReachesAFixpoint) {
  analyse(R"cpp(
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
  EXPECT_EQ(openExits(), Strings{"r scope-end 11:1"});
}

TEST_F(TrackedObjectFlow, BreakOutOfAScopeIsAnExit) {
  EXPECT_EQ(openExitsOf(R"cpp(
void f(int n) {
  for (int i = 0; i < n; ++i) {
    Res r;
    open(r);
    if (i == 3)
      break;
    close(r);
  }
}
)cpp"),
            Strings{"r break 7:7"});
}

TEST_F(TrackedObjectFlow, SameStableConditionIsCorrelated) {
  EXPECT_EQ(openExitsOf(R"cpp(
void f(bool c) {
  Res r;
  if (c)
    open(r);
  quiet();
  if (c)
    close(r);
}
)cpp"),
            Strings{});
}

TEST_F(TrackedObjectFlow, WrittenConditionIsNotCorrelated) {
  EXPECT_EQ(openExitsOf(R"cpp(
void f(bool c) {
  Res r;
  if (c)
    open(r);
  c = !c;
  if (c)
    close(r);
}
)cpp"),
            Strings{"r scope-end 9:1"});
}

TEST_F(TrackedObjectFlow, SummaryOfACalleeThatCloses) {
  std::string Code = R"cpp(
void finish(Res &r) { close(r); }
void f() {
  Res r;
  open(r);
  finish(r);
}
)cpp";
  EXPECT_EQ(openExitsOf(Code, /*WithSummaries=*/true), Strings{});
  // Without summaries what finish() does to r is unknown; its body throws
  // nothing, so the call is no exception exit (MayThrow.h).
  EXPECT_EQ(openExitsOf(Code), Strings{"r scope-end 7:1"});
}

TEST_F(TrackedObjectFlow, SummaryOfACalleeThatClosesOnlySometimes) {
  EXPECT_EQ(openExitsOf(R"cpp(
void maybe(Res &r, bool c) noexcept { if (c) close(r); }
void f(bool c) {
  Res r;
  open(r);
  maybe(r, c);
}
)cpp", /*WithSummaries=*/true),
            Strings{"r scope-end 7:1"});
}

TEST_F(TrackedObjectFlow, ParameterOutlivesTheFunction) {
  EXPECT_EQ(openExitsOf(R"cpp(
void f(Res &r, bool c) {
  open(r);
  if (c)
    return;
  close(r);
}
)cpp"),
            Strings{"r function-end 5:5"});
}

TEST_F(TrackedObjectFlow, ClientFindingsComeFromTheFinalPassOnly) {
  analyse(R"cpp(
void f(int n) {
  Res r;
  for (int i = 0; i < n; ++i)
    open(r);
  close(r);
}
)cpp");
  // The second iteration opens an open resource: one report, not one per
  // fixpoint round.
  EXPECT_EQ(findings(), Strings{"r 5"});
}

TEST_F(TrackedObjectFlow, NoReturnCallLeavesNothing) {
  EXPECT_EQ(openExitsOf(R"cpp(
[[noreturn]] void die();
void f(bool c) {
  Res r;
  open(r);
  if (c)
    die();
  close(r);
}
)cpp"),
            Strings{});
}

//===----------------------------------------------------------------------===//
// What counts as a call that may throw (MayThrow.h), on the engine's edges
//===----------------------------------------------------------------------===//

TEST_F(TrackedObjectFlow, SequentialJoinsAreNoExceptionExits) {
  // `a.join(); b.join();`: join throws only on a programming error, so the
  // first join is no way out while the second resource is open.
  EXPECT_EQ(openExitsOf(R"cpp(
struct Worker { void join(); void detach(); };
extern "C" int pthread_join(unsigned long, void **);
void f(Worker &a, Worker &b) {
  Res r;
  open(r);
  a.join();
  b.detach();
  pthread_join(0, nullptr);
  close(r);
}
)cpp"),
            Strings{});
}

TEST_F(TrackedObjectFlow, CalleeWithAQuietBodyIsNoExit) {
  EXPECT_EQ(openExitsOf(R"cpp(
int twice(int x) { quiet(); return 2 * x; }
void f() {
  Res r;
  open(r);
  twice(2);
  close(r);
}
)cpp"),
            Strings{});
}

TEST_F(TrackedObjectFlow, CalleeWhoseBodyMayThrowIsAnExit) {
  EXPECT_EQ(openExitsOf(R"cpp(
void helper() { parse(); }
void f() {
  Res r;
  open(r);
  helper();
  close(r);
}
)cpp"),
            Strings{"r throwing-call 6:3"});
}

//===----------------------------------------------------------------------===//
// Which exits get a note (ExitNotes.h)
//===----------------------------------------------------------------------===//

TEST_F(TrackedObjectFlow, AtMostThreeExceptionNotesAndACount) {
  analyse(R"cpp(
void f(bool c) {
  Res r;
  open(r);
  parse();
  parse();
  parse();
  if (c)
    return;
  parse();
  parse();
  close(r);
}
)cpp");
  EXPECT_EQ(plannedNotes(), (Strings{"throwing-call 5", "throwing-call 6",
                                     "throwing-call 7", "return 9",
                                     "+2 at 10"}));
}

TEST_F(TrackedObjectFlow, OneNotePerLine) {
  analyse(R"cpp(
int g(int);
int h();
void f() {
  Res r;
  open(r);
  g(h()); parse();
  close(r);
}
)cpp");
  EXPECT_EQ(plannedNotes(), Strings{"throwing-call 7"});
}

//===----------------------------------------------------------------------===//
// Loops that run a known number of times (LoopTripCount.h)
//===----------------------------------------------------------------------===//

TEST_F(TrackedObjectFlow, LoopThatRunsOnceIsNeverSkipped) {
  // The loop closes r on its one run: no path skips it.
  EXPECT_EQ(openExitsOf(R"cpp(
void f() {
  Res r;
  open(r);
  for (int i = 0; i < 1; i++)
    close(r);
}
)cpp"),
            Strings{});
}

TEST_F(TrackedObjectFlow, LoopThatRunsOnceNeverRunsTwice) {
  analyse(R"cpp(
void f() {
  Res r;
  for (int i = 3; i > 2; --i)
    open(r);
  close(r);
}
)cpp");
  EXPECT_EQ(findings(), Strings{});
  EXPECT_EQ(openExits(), Strings{});
}

TEST_F(TrackedObjectFlow, LoopThatRunsTwiceOpensTwice) {
  analyse(R"cpp(
void f() {
  Res r;
  for (unsigned i = 0; i != 4; i += 2)
    open(r);
  close(r);
}
)cpp");
  EXPECT_EQ(findings(), Strings{"r 5"});
}

TEST_F(TrackedObjectFlow, LoopThatNeverRunsIsSkipped) {
  EXPECT_EQ(openExitsOf(R"cpp(
void f() {
  Res r;
  open(r);
  for (int i = 0; i < 0; ++i)
    close(r);
}
)cpp"),
            Strings{"r scope-end 7:1"});
}

TEST_F(TrackedObjectFlow, CounterWrittenInTheBodyIsNoKnownCount) {
  // `n` is written in the body: the loop may run again, and open r twice.
  analyse(R"cpp(
int next(int) noexcept;
void f() {
  Res r;
  int n = 0;
  for (n = 0; n < 1; ++n) {
    open(r);
    n = next(n);
  }
  close(r);
}
)cpp");
  EXPECT_EQ(findings(), Strings{"r 7"});
}

TEST_F(TrackedObjectFlow, BreakInALoopThatRunsOnceStillLeaves) {
  EXPECT_EQ(openExitsOf(R"cpp(
void f(bool c) {
  for (int i = 0; i < 1; ++i) {
    Res r;
    open(r);
    if (c)
      break;
    close(r);
  }
}
)cpp"),
            Strings{"r break 7:7"});
}

} // namespace
