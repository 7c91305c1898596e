//===--- AstHelpersTest.cpp - conc-tidy -----------------------------------===//
//
// Part of conc. The shared AST helpers: what an expression designates, how
// it is named, qualified-name lists.
//
//===----------------------------------------------------------------------===//

#include "analysis/AstHelpers.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::conc;

namespace {

TEST(AstHelpers, QualifiedNameLists) {
  EXPECT_TRUE(analysis::isQualifiedNameInList("std::mutex", {"::std::mutex"}));
  EXPECT_TRUE(analysis::isQualifiedNameInList("::app::Lock", {"app::Lock"}));
  EXPECT_FALSE(analysis::isQualifiedNameInList("std::mutex", {"::std::shared_mutex"}));
  EXPECT_FALSE(analysis::isQualifiedNameInList("mutex", {"::std::mutex"}));
}

/// The arguments of every call to `sink` in Code, as named.
std::vector<std::string> sinkArgumentNames(const std::string &Code) {
  auto AST = tooling::buildASTFromCodeWithArgs(Code, {"-std=c++20"});
  EXPECT_TRUE(AST);
  std::vector<std::string> Names;
  for (const BoundNodes &N :
       match(callExpr(callee(functionDecl(hasName("sink")))).bind("c"),
             AST->getASTContext()))
    Names.push_back(
        analysis::spelledObjectName(N.getNodeAs<CallExpr>("c")->getArg(0)));
  return Names;
}

TEST(AstHelpers, NamesWhatAnExpressionDesignates) {
  auto Names = sinkArgumentNames(R"cpp(
namespace std {
template <class T> T &&move(T &t) noexcept { return static_cast<T &&>(t); }
}
struct Inner { int v; };
struct S { Inner in; int m; };
void sink(const int &);
struct C {
  int m_;
  void f(S s) {
    sink(m_);
    sink(this->m_);
    sink(s.m);
    sink(s.in.v);
    sink(std::move(s.m));
    sink(static_cast<const int &>(m_));
    sink(1);
  }
};
)cpp");
  EXPECT_EQ(Names, (std::vector<std::string>{"m_", "m_", "s.m", "s.in.v",
                                             "s.m", "m_", ""}));
}

/// isErrno() of the first argument of every call to `sink` in Code.
std::vector<bool> sinkArgumentsAreErrno(const std::string &Code) {
  auto AST = tooling::buildASTFromCodeWithArgs(Code, {"-std=c++20"});
  EXPECT_TRUE(AST);
  std::vector<bool> Errno;
  for (const BoundNodes &N :
       match(callExpr(callee(functionDecl(hasName("sink")))).bind("c"),
             AST->getASTContext()))
    Errno.push_back(analysis::isErrno(N.getNodeAs<CallExpr>("c")->getArg(0),
                                      AST->getASTContext()));
  return Errno;
}

TEST(AstHelpers, KnowsErrnoByItsMacroWhateverItExpandsTo) {
  // glibc's and musl's expansion, another C library's, a macro that uses
  // errno, and look-alikes that are not errno: the same call spelled
  // without the macro, and a variable named errno_.
  auto Errno = sinkArgumentsAreErrno(R"cpp(
int *__errno_location() noexcept;
int *__error() noexcept;
#define errno (*__errno_location())
void sink(int &);
void f(int &errno_) {
  sink(errno);
#undef errno
#define errno (*__error())
  sink(errno);
#define LAST_ERROR errno
  sink(LAST_ERROR);
  sink(*__errno_location());
  sink(errno_);
}
)cpp");
  EXPECT_EQ(Errno, (std::vector<bool>{true, true, true, false, false}));
}

} // namespace
