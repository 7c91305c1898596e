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
#include "analysis/ThreadBodies.h"
#include "analysis/UnitFacts.h"

#include "clang/AST/Mangle.h"
#include "llvm/ADT/DenseMap.h"

#include <memory>

namespace clang::tidy::conc::analysis {

/// The name of a function that is the same in every unit that sees it (its
/// mangled name), `@unit`-suffixed when it has internal linkage.
std::string functionId(const FunctionDecl &Function, MangleContext &Mangle);

/// A function's name for people: qualified, a lambda by the function it is
/// written in.
std::string functionName(const FunctionDecl &Function);

/// `ns::Class::member`: a member of any object of the class.
std::string memberId(const FieldDecl &Field);

/// The name of a lock that is the same in every unit: the qualified name
/// of a global or static (`@unit`-suffixed when private to the unit), or
/// `Class::member` for a member of any object of the class.
std::string lockId(const analysis::LockKey &Key);

class FactsCollector {
public:
  /// TerminatingThreadTypes: thread types whose destructor terminates a
  /// joinable thread (conc-unjoined-thread's).
  FactsCollector(const analysis::LockVocabulary &Vocab,
                 std::vector<llvm::StringRef> TerminatingThreadTypes,
                 ASTContext &AST);
  ~FactsCollector();

  /// Adds the facts of one function definition (a body, not dependent, not
  /// in a system header; others are ignored).
  void addFunction(const FunctionDecl &Function);

  /// Adds the thread members of a class definition that has a destructor
  /// of its own (a class without one leaves joining to its users).
  void addRecord(const CXXRecordDecl &Record);

  /// The facts collected so far, functions in the order added.
  UnitFacts &facts() { return Facts; }

private:
  Place placeOf(SourceLocation Loc);
  std::string fileOf(FileID File);

  /// Whether T is a terminating thread type (1) or a container of them
  /// (2); 0 otherwise.
  int threadKind(QualType T) const;

  const analysis::LockVocabulary &Vocab;
  std::vector<llvm::StringRef> ThreadTypes;
  /// What starts a thread (std::thread, std::jthread, std::async,
  /// pthread_create, a group's go): the thread model's defaults.
  ThreadStartVocabulary Starts;
  ASTContext &AST;
  std::unique_ptr<MangleContext> Mangle;
  UnitFacts Facts;
  llvm::DenseMap<FileID, std::string> FileNames;
};

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_FACTSCOLLECTOR_H
