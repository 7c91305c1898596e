//===--- UnitParentsTest.cpp - conc-tidy ----------------------------------===//
//
// Part of conc. parentsOf gives what ASTContext::getParents gives, for the
// code it maps (outside system headers) and for the code it does not.
//
//===----------------------------------------------------------------------===//

#include "analysis/UnitParents.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::tidy::conc;

namespace {

/// A system header with templates, instantiated from the main file.
constexpr char SystemHeader[] = R"cpp(
#pragma once
namespace lib {
template <class F> struct runner {
  F f;
  explicit runner(F fn) : f(fn) {}
  void run() { f(); }
};
template <class T> T twice(T v) { return v + v; }
struct guard { guard(int &) {} ~guard() {} };
}
)cpp";

constexpr char MainFile[] = R"cpp(
#include <lib.h>
#define LOCKED(m) lib::guard g(m)
template <class T> struct Box {
  T value;
  T get() const { return lib::twice(value); }
};
int shared;
struct Worker {
  int m = 0;
  Worker() = default;
  Worker(const Worker &) = default;
  void go() {
    auto body = [this] { LOCKED(m); ++shared; };
    lib::runner<decltype(body)> r(body);
    r.run();
    Box<int> b{3};
    for (int i = 0; i < b.get(); ++i)
      if (i % 2) shared += sizeof(decltype(i));
  }
};
void copy() { Worker a; Worker b(a); (void)b; }
// A builtin template: its template template parameter reaches the
// traversal as a null declaration.
template <class T, T... I> struct seq {};
using three = __make_integer_seq<seq, int, 3>;
three make_three() { return {}; }
)cpp";

/// Every declaration and statement of the unit, system header included,
/// visited as clang's parent map visits them.
struct AllNodes : RecursiveASTVisitor<AllNodes> {
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }
  bool VisitDecl(Decl *D) {
    Nodes.push_back(DynTypedNode::create(*D));
    return true;
  }
  bool VisitStmt(Stmt *S) {
    Nodes.push_back(DynTypedNode::create(*S));
    return true;
  }
  std::vector<DynTypedNode> Nodes;
};

std::unique_ptr<ASTUnit> buildUnit() {
  return tooling::buildASTFromCodeWithArgs(
      MainFile, {"-std=c++20", "-isystem", "/sys"}, "main.cpp", "clang-tool",
      std::make_shared<PCHContainerOperations>(),
      tooling::getClangStripDependencyFileAdjuster(),
      {{"/sys/lib.h", SystemHeader}});
}

TEST(UnitParents, SameParentsAsClangEverywhere) {
  auto AST = buildUnit();
  ASSERT_TRUE(AST);
  ASTContext &Context = AST->getASTContext();
  ASSERT_FALSE(Context.getDiagnostics().hasErrorOccurred());
  AllNodes All;
  All.TraverseAST(Context);
  const SourceManager &SM = Context.getSourceManager();
  unsigned InSystemHeader = 0, InMainFile = 0;
  for (const DynTypedNode &Node : All.Nodes) {
    // Ours first: the map of the user's code must answer without clang's.
    DynTypedNodeList Ours = analysis::parentsOf(Node, Context);
    DynTypedNodeList Clangs = Context.getParents(Node);
    ASSERT_EQ(Ours.size(), Clangs.size());
    for (size_t I = 0; I < Ours.size(); ++I)
      EXPECT_TRUE(Ours[I] == Clangs[I]);
    SourceLocation Loc = SM.getExpansionLoc(Node.getSourceRange().getBegin());
    if (Loc.isValid() && SM.isInSystemHeader(Loc))
      ++InSystemHeader;
    else if (Loc.isValid() && SM.isInMainFile(Loc)) {
      ++InMainFile;
      // Answered without clang's map of the whole unit.
      EXPECT_TRUE(analysis::isInUserCodeParentMap(Node, Context))
          << Node.getNodeKind().asStringRef().str() << " at "
          << Loc.printToString(SM);
    }
  }
  // Both kinds of node were compared.
  EXPECT_GT(InSystemHeader, 20u);
  EXPECT_GT(InMainFile, 100u);
}

TEST(UnitParents, SystemHeaderNodesAndTheUnitItself) {
  auto AST = buildUnit();
  ASSERT_TRUE(AST);
  ASTContext &Context = AST->getASTContext();
  // Asked first about a node of the system header: clang's answer.
  AllNodes All;
  All.TraverseAST(Context);
  const SourceManager &SM = Context.getSourceManager();
  for (const DynTypedNode &Node : All.Nodes) {
    const auto *S = Node.get<ReturnStmt>();
    if (!S || !SM.isInSystemHeader(SM.getExpansionLoc(S->getBeginLoc())))
      continue;
    DynTypedNodeList Parents = analysis::parentsOf(Node, Context);
    ASSERT_EQ(Parents.size(), 1u);
    EXPECT_TRUE(Parents[0].get<CompoundStmt>() != nullptr);
    break;
  }
  EXPECT_EQ(analysis::parentsOf(*Context.getTranslationUnitDecl(), Context).size(), 0u);
}

} // namespace
