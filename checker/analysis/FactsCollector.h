//===--- FactsCollector.h - conc-tidy ---------------------------*- C++ -*-===//
//
// Part of conc. Collects a translation unit's UnitFacts from its AST, one
// function at a time, with the lock flow the lock checks use (LockFlow):
// what a function acquires while holding what, what it calls while holding
// what, and which of its caller's locks it releases or leaves held.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_FACTSCOLLECTOR_H
#define CONC_CHECKER_ANALYSIS_FACTSCOLLECTOR_H

#include "analysis/LockFlow.h"
#include "analysis/UnitFacts.h"

#include "clang/AST/Mangle.h"
#include "llvm/ADT/DenseMap.h"

#include <memory>

namespace clang::tidy::conc::facts {

/// The name of a function that is the same in every unit that sees it (its
/// mangled name), `@unit`-suffixed when it has internal linkage.
std::string functionId(const FunctionDecl &Function, MangleContext &Mangle);

/// A function's name for people: qualified, a lambda by the function it is
/// written in.
std::string functionName(const FunctionDecl &Function);

/// The name of a lock that is the same in every unit: the qualified name
/// of a global or static (`@unit`-suffixed when private to the unit), or
/// `Class::member` for a member of any object of the class.
std::string lockId(const locks::LockKey &Key);

/// A lock's name for people: lockId without the `@unit` suffix.
llvm::StringRef displayName(llvm::StringRef LockOrFunctionId);

class FactsCollector {
public:
  FactsCollector(const locks::LockVocabulary &Vocab, ASTContext &AST);
  ~FactsCollector();

  /// Adds the facts of one function definition (a body, not dependent, not
  /// in a system header; others are ignored).
  void addFunction(const FunctionDecl &Function);

  /// The facts collected so far, functions in the order added.
  UnitFacts &facts() { return Facts; }

private:
  Place placeOf(SourceLocation Loc);
  std::string fileOf(FileID File);

  const locks::LockVocabulary &Vocab;
  ASTContext &AST;
  std::unique_ptr<MangleContext> Mangle;
  UnitFacts Facts;
  llvm::DenseMap<FileID, std::string> FileNames;
};

} // namespace clang::tidy::conc::facts

#endif // CONC_CHECKER_ANALYSIS_FACTSCOLLECTOR_H
