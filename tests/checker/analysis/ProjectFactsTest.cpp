//===--- ProjectFactsTest.cpp - conc-tidy ---------------------------------===//
//
// Part of conc. Unit facts (their text form) and what the whole-program
// analysis builds from them: the project lock graph and thread ownership.
// Facts are written here by hand, as the collector writes them.
//
//===----------------------------------------------------------------------===//

#include "analysis/ProjectLockGraph.h"
#include "analysis/ProjectThreadOwnership.h"
#include "analysis/UnitFacts.h"

#include "gtest/gtest.h"

#include <algorithm>

namespace clang::tidy::conc::analysis {
namespace {

Place at(const std::string &File, unsigned Line) { return {File, Line, 3}; }

/// f() holds `From` and calls `Callee` (defined elsewhere); `Callee` takes
/// `To`.
UnitFacts holderUnit(const std::string &File, const std::string &Fn,
                     const std::string &From, const std::string &Callee) {
  UnitFacts U;
  U.Unit = File;
  U.EnabledChecks = {"conc-lock-order", "conc-unjoined-thread"};
  FunctionFacts F;
  F.Id = Fn;
  F.Name = Fn;
  F.Where = at(File, 1);
  F.Acquisitions.push_back({From, at(File, 2), {}});
  F.Calls.push_back({Callee, Callee, at(File, 3), {{From, at(File, 2)}}});
  U.Functions.push_back(F);
  return U;
}

void addTaker(UnitFacts &U, const std::string &Fn, const std::string &Lock) {
  FunctionFacts F;
  F.Id = Fn;
  F.Name = Fn;
  F.Where = at(U.Unit, 10);
  F.Acquisitions.push_back({Lock, at(U.Unit, 11), {}});
  U.Functions.push_back(F);
}

std::vector<UnitFacts> abba() {
  UnitFacts A = holderUnit("/p/a.cpp", "compact", "a_mu", "append");
  addTaker(A, "put", "a_mu");
  UnitFacts B = holderUnit("/p/b.cpp", "replay", "b_mu", "put");
  addTaker(B, "append", "b_mu");
  return {A, B};
}

TEST(UnitFactsTest, TextRoundTripKeepsEverythingAndEscapes) {
  UnitFacts U = abba()[0];
  U.Functions[0].Name = "tab\there\\ and\nnewline";
  U.Functions[0].ReleasesCallersLocks.push_back({"a_mu", at("/p/a.cpp", 5)});
  U.Functions[0].ReturnsHolding.push_back("a_mu");
  U.Functions[0].JoinsMembers.push_back("W::t");
  U.Functions[0].ThreadStarts.push_back({"_Z6workerv", "worker", at("/p/a.cpp", 7)});
  U.ThreadMembers.push_back({"W", "W::t", true, "_ZN1WD1Ev", at("/p/w.h", 4)});
  std::string Text = serializeFacts(U);
  UnitFacts Back;
  ASSERT_EQ(parseFacts(Text, Back), std::nullopt);
  EXPECT_EQ(serializeFacts(Back), Text);
  EXPECT_EQ(Back.Functions[0].Name, "tab\there\\ and\nnewline");
  EXPECT_EQ(Back.Functions[0].Calls[0].Held[0].Lock, "a_mu");
  EXPECT_TRUE(Back.ThreadMembers[0].Container);
  ASSERT_EQ(Back.Functions[0].ThreadStarts.size(), 1u);
  EXPECT_EQ(Back.Functions[0].ThreadStarts[0].FunctionName, "worker");
  EXPECT_EQ(Back.Functions[0].ThreadStarts[0].Where, at("/p/a.cpp", 7));
}

TEST(UnitFactsTest, PathsAreMappedBothWays) {
  UnitFacts U = abba()[0];
  std::string Text = serializeFacts(U, [](llvm::StringRef F) {
    return F.drop_front(strlen("/p/")).str();
  });
  EXPECT_EQ(Text.find("/p/"), std::string::npos);
  UnitFacts Back;
  ASSERT_EQ(parseFacts(Text, Back, [](llvm::StringRef F) {
              return "/q/" + F.str();
            }),
            std::nullopt);
  EXPECT_EQ(Back.Unit, "/q/a.cpp");
  EXPECT_EQ(Back.Functions[0].Calls[0].Where.File, "/q/a.cpp");
}

TEST(UnitFactsTest, MalformedInputIsAnErrorWithItsLine) {
  UnitFacts U;
  EXPECT_EQ(parseFacts("", U), "malformed facts: empty");
  EXPECT_EQ(parseFacts("conc-facts 2\n", U),
            "malformed facts, line 1: expected 'conc-facts 1'");
  EXPECT_EQ(parseFacts("conc-facts 1\nH\tmu\tf\t1\t1\n", U),
            "malformed facts, line 2: H needs an A or C before it, a lock and "
            "place");
  EXPECT_EQ(parseFacts("conc-facts 1\nF\tid\tname\tf\tx\t1\n", U),
            "malformed facts, line 2: F needs id, name and place");
  EXPECT_EQ(parseFacts("conc-facts 1\nQ\n", U),
            "malformed facts, line 2: unknown record");
  EXPECT_EQ(parseFacts("conc-facts 1\nS\tid\tname\tf\t1\t1\n", U),
            "malformed facts, line 2: S needs a function, the function it runs "
            "and place");
}

TEST(ProjectLockGraphTest, CycleAcrossTwoUnitsWithItsPath) {
  ProjectLockGraph Graph(abba());
  std::vector<LockCycle> Cycles = Graph.crossUnitCycles();
  ASSERT_EQ(Cycles.size(), 1u);
  EXPECT_EQ(Cycles[0].Locks, (std::vector<std::string>{"a_mu", "b_mu"}));
  EXPECT_EQ(Cycles[0].Where, at("/p/a.cpp", 3));
  ASSERT_EQ(Cycles[0].Steps.size(), 6u);
  EXPECT_EQ(Cycles[0].Steps[1].Message,
            "'b_mu' is acquired in 'append', called here while 'a_mu' is held");
  EXPECT_EQ(Cycles[0].Steps[2].Where, at("/p/b.cpp", 11));
}

// C has no std::scoped_lock: a cycle whose holders are all C gets the
// order alone as advice; one C++ holder brings std::scoped_lock back.
TEST(ProjectLockGraphTest, AdviceFollowsTheLanguageOfTheHolders) {
  std::vector<UnitFacts> Units = abba();
  auto advice = [](const std::vector<UnitFacts> &Units) {
    std::vector<LockCycle> Cycles = ProjectLockGraph(Units).crossUnitCycles();
    EXPECT_EQ(Cycles.size(), 1u);
    return Cycles.empty() ? std::string() : Cycles[0].Message;
  };
  EXPECT_NE(advice(Units).find("std::scoped_lock"), std::string::npos);
  Units[0].IsC = true;
  EXPECT_NE(advice(Units).find("std::scoped_lock"), std::string::npos);
  Units[1].IsC = true;
  EXPECT_EQ(advice(Units).substr(advice(Units).find("deadlock; ")),
            "deadlock; always take them in one order");
}

TEST(UnitFactsTest, TheLanguageRoundTrips) {
  UnitFacts U = abba()[0];
  U.IsC = true;
  UnitFacts Back;
  ASSERT_EQ(parseFacts(serializeFacts(U), Back), std::nullopt);
  EXPECT_TRUE(Back.IsC);
  UnitFacts Cpp;
  ASSERT_EQ(parseFacts(serializeFacts(abba()[0]), Cpp), std::nullopt);
  EXPECT_FALSE(Cpp.IsC);
  EXPECT_EQ(parseFacts("conc-facts 1\nL\tc++\n", Cpp),
            "malformed facts, line 2: L needs the language 'c'");
}

TEST(ProjectLockGraphTest, SameResultInAnyOrderOfUnits) {
  std::vector<UnitFacts> Units = abba();
  UnitFacts C = holderUnit("/p/c.cpp", "third", "c_mu", "put");
  addTaker(C, "c_take", "c_mu");
  Units.push_back(C);
  Units[0].Functions[0].Calls.push_back(
      {"c_take", "c_take", at("/p/a.cpp", 4), {{"a_mu", at("/p/a.cpp", 2)}}});
  auto Render = [](std::vector<UnitFacts> U) {
    std::string Out;
    for (const LockCycle &C : ProjectLockGraph(std::move(U)).crossUnitCycles())
      Out += C.Message + "@" + C.Where.File + "\n";
    return Out;
  };
  std::string First = Render(Units);
  EXPECT_NE(First.find("'a_mu' -> 'c_mu' -> 'a_mu'"), std::string::npos);
  std::sort(Units.begin(), Units.end(),
            [](const UnitFacts &A, const UnitFacts &B) { return A.Unit > B.Unit; });
  EXPECT_EQ(Render(Units), First);
  std::rotate(Units.begin(), Units.begin() + 1, Units.end());
  EXPECT_EQ(Render(Units), First);
}

/// helper(m) (h.cpp) locks its parameter 0; a.cpp holds a_mu and passes
/// b_mu, b.cpp holds b_mu and passes the lock its caller gave it.
std::vector<UnitFacts> abbaThroughParameters(const std::string &BPasses) {
  UnitFacts H;
  H.Unit = "/p/h.cpp";
  FunctionFacts Helper;
  Helper.Id = Helper.Name = "helper";
  Helper.Where = at("/p/h.cpp", 1);
  Helper.Acquisitions.push_back({parameterLockId("helper", 0), at("/p/h.cpp", 2), {}});
  H.Functions.push_back(Helper);
  UnitFacts A = holderUnit("/p/a.cpp", "compact", "a_mu", "helper");
  A.Functions[0].Calls[0].LockArguments = {{0, "b_mu"}};
  UnitFacts B = holderUnit("/p/b.cpp", "replay", "b_mu", "helper");
  B.Functions[0].Calls[0].LockArguments = {{0, BPasses}};
  return {A, B, H};
}

TEST(UnitFactsTest, LockArgumentsRoundTrip) {
  std::vector<UnitFacts> Units = abbaThroughParameters("a_mu");
  UnitFacts Back;
  ASSERT_EQ(parseFacts(serializeFacts(Units[0]), Back), std::nullopt);
  ASSERT_EQ(Back.Functions[0].Calls[0].LockArguments.size(), 1u);
  EXPECT_EQ(Back.Functions[0].Calls[0].LockArguments[0].second, "b_mu");
  EXPECT_EQ(parseParameterLockId("f@unit:/p/a.cpp#2"),
            std::make_pair(llvm::StringRef("f@unit:/p/a.cpp"), 2u));
  EXPECT_EQ(parseParameterLockId("mu"), std::nullopt);
  UnitFacts Bad;
  EXPECT_EQ(parseFacts("conc-facts 1\nP\t0\tmu\n", Bad),
            "malformed facts, line 2: P needs a C before it, an index and a lock");
}

TEST(ProjectLockGraphTest, ALockThroughAParameterIsTheCallersArgument) {
  std::vector<LockCycle> Cycles =
      ProjectLockGraph(abbaThroughParameters("a_mu")).crossUnitCycles();
  ASSERT_EQ(Cycles.size(), 1u);
  EXPECT_EQ(Cycles[0].Locks, (std::vector<std::string>{"a_mu", "b_mu"}));
  // Both callers pass b_mu: one order, and no parameter lock as a node.
  ProjectLockGraph Consistent(abbaThroughParameters("b_mu"));
  EXPECT_TRUE(Consistent.crossUnitCycles().empty());
  EXPECT_EQ(Consistent.numLocks(), 2u);
}

TEST(ProjectLockGraphTest, ACycleOneUnitSeesWholeIsLeftToThatUnit) {
  // Both functions of the cycle are inline in a header both units see.
  std::vector<UnitFacts> Units = abba();
  for (UnitFacts &U : Units)
    for (const UnitFacts &Other : abba())
      for (const FunctionFacts &F : Other.Functions)
        if (std::none_of(U.Functions.begin(), U.Functions.end(),
                         [&](const FunctionFacts &G) { return G.Id == F.Id; }))
          U.Functions.push_back(F);
  EXPECT_TRUE(ProjectLockGraph(Units).crossUnitCycles().empty());
}

TEST(ProjectLockGraphTest, AGateHeldAtEveryEdgeSilencesTheCycle) {
  std::vector<UnitFacts> Units = abba();
  for (UnitFacts &U : Units)
    U.Functions[0].Calls[0].Held.push_back({"gate", at(U.Unit, 1)});
  EXPECT_TRUE(ProjectLockGraph(Units).crossUnitCycles().empty());
  Units[1].Functions[0].Calls[0].Held.pop_back(); // one order without it
  EXPECT_EQ(ProjectLockGraph(Units).crossUnitCycles().size(), 1u);
}

TEST(ProjectLockGraphTest, PrivateLocksOfTwoUnitsAreTwoLocks) {
  // Every lock renamed `mu`: one global lock, taken under itself is no
  // order (conc-manual-lock's double lock), so no cycle.
  auto Renamed = [](const std::string &Name) {
    std::vector<UnitFacts> Units = abba();
    for (UnitFacts &U : Units)
      for (FunctionFacts &F : U.Functions) {
        for (Acquisition &A : F.Acquisitions)
          A.Lock = Name;
        for (Call &C : F.Calls)
          for (HeldLockFact &H : C.Held)
            H.Lock = Name;
      }
    return Units;
  };
  EXPECT_TRUE(ProjectLockGraph(Renamed("mu")).crossUnitCycles().empty());
  // `static std::mutex mu;` in each file: two locks, taken in both orders.
  std::vector<LockCycle> Cycles =
      ProjectLockGraph(Renamed("mu@unit")).crossUnitCycles();
  ASSERT_EQ(Cycles.size(), 1u);
  EXPECT_NE(Cycles[0].Message.find("'mu (static in a.cpp)' -> 'mu (static in "
                                   "b.cpp)' -> 'mu (static in a.cpp)'"),
            std::string::npos)
      << Cycles[0].Message;
}

TEST(ProjectLockGraphTest, ReleaseThroughACallOfAnotherUnit) {
  UnitFacts A;
  A.Unit = "/p/a.cpp";
  FunctionFacts Read;
  Read.Id = Read.Name = "read";
  Read.Acquisitions.push_back({"mu", at("/p/a.cpp", 2), {}});
  Read.Calls.push_back({"finish", "finish", at("/p/a.cpp", 3),
                        {{"mu", at("/p/a.cpp", 2)}}});
  A.Functions.push_back(Read);
  UnitFacts B;
  B.Unit = "/p/b.cpp";
  FunctionFacts Finish;
  Finish.Id = Finish.Name = "finish";
  Finish.Calls.push_back({"unlock_mu", "unlock_mu", at("/p/b.cpp", 2), {}});
  FunctionFacts Unlock;
  Unlock.Id = Unlock.Name = "unlock_mu";
  Unlock.ReleasesCallersLocks.push_back({"mu", at("/p/b.cpp", 5)});
  B.Functions = {Finish, Unlock};
  EXPECT_TRUE(ProjectLockGraph({A, B}).releasedThroughCall(at("/p/a.cpp", 2)));
  B.Functions.pop_back(); // unlock_mu defined nowhere: nothing proven
  EXPECT_FALSE(ProjectLockGraph({A, B}).releasedThroughCall(at("/p/a.cpp", 2)));
}

TEST(ProjectLockGraphTest, DotMarksTheCycleRed) {
  std::vector<UnitFacts> Units = abba();
  ProjectLockGraph Graph(Units);
  std::string Dot;
  llvm::raw_string_ostream OS(Dot);
  Graph.writeDot(OS, Graph.crossUnitCycles(), nullptr);
  EXPECT_NE(Dot.find("\"a_mu\" -> \"b_mu\" [label=\"/p/a.cpp:3\", color=red"),
            std::string::npos)
      << Dot;
}

std::vector<UnitFacts> worker(bool StopJoins) {
  UnitFacts W;
  W.Unit = "/p/worker.cpp";
  W.EnabledChecks = {"conc-unjoined-thread"};
  W.ThreadMembers.push_back({"Worker", "Worker::t", false, "dtor",
                             at("/p/worker.h", 5)});
  FunctionFacts Dtor;
  Dtor.Id = "dtor";
  Dtor.Name = "Worker::~Worker";
  Dtor.Calls.push_back({"stop", "Worker::stop", at("/p/worker.cpp", 8), {}});
  W.Functions.push_back(Dtor);
  UnitFacts S;
  S.Unit = "/p/stop.cpp";
  FunctionFacts Stop;
  Stop.Id = "stop";
  Stop.Name = "Worker::stop";
  if (StopJoins)
    Stop.Calls.push_back({"join_all", "join_all", at("/p/stop.cpp", 3), {}});
  S.Functions.push_back(Stop);
  FunctionFacts JoinAll;
  JoinAll.Id = JoinAll.Name = "join_all";
  JoinAll.JoinsMembers.push_back("Worker::t");
  S.Functions.push_back(JoinAll);
  return {W, S};
}

TEST(ProjectThreadOwnershipTest, JoinedTwoCallsAwayInAnotherUnitIsSilent) {
  EXPECT_TRUE(unjoinedThreadMembers(worker(true)).empty());
}

TEST(ProjectThreadOwnershipTest, NeverJoinedAnywhereIsReported) {
  std::vector<UnjoinedMember> Found = unjoinedThreadMembers(worker(false));
  ASSERT_EQ(Found.size(), 1u);
  EXPECT_EQ(Found[0].Where, at("/p/worker.h", 5));
  EXPECT_NE(Found[0].Message.find("member thread 't' may still be joinable "
                                  "when 'Worker' is destroyed"),
            std::string::npos);
}

TEST(ProjectThreadOwnershipTest, UnknownCalleeOrOwnUnitOnlyIsSilent) {
  std::vector<UnitFacts> Units = worker(false);
  Units[0].Functions[0].Calls.push_back(
      {"library_stop", "library_stop", at("/p/worker.cpp", 9), {}});
  EXPECT_TRUE(unjoinedThreadMembers(Units).empty()); // a library may join
  Units = worker(false);
  Units.pop_back(); // stop() defined nowhere
  EXPECT_TRUE(unjoinedThreadMembers(Units).empty());
  Units = worker(false);
  Units[0].EnabledChecks.clear(); // conc-unjoined-thread is off there
  EXPECT_TRUE(unjoinedThreadMembers(Units).empty());
}

} // namespace
} // namespace clang::tidy::conc::analysis
