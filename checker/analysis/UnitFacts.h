//===--- UnitFacts.h - conc-tidy --------------------------------*- C++ -*-===//
//
// Part of conc. What one translation unit tells the whole-program analysis
// of CI mode about its locks: for each function it defines, the locks it
// acquires (with those held then), the calls it makes (with the locks held
// at each), the caller's locks it releases and the locks it returns
// holding. Names are the same in every unit: a function by its mangled
// name, a lock by the qualified name of its variable or `Class::member`.
// Written by the CI worker, stored in the result cache with the unit's
// findings, carried by shard reports, merged by ProjectLockGraph.
//
//===----------------------------------------------------------------------===//
//
// The text form, one record a line, fields separated by tabs (tab, newline
// and backslash escaped as \t, \n, \\), the first line `conc-facts 1`:
//
//   U <main file>                      the unit
//   L c                                the unit is C (absent: C++)
//   E <check>                          a check enabled in the unit
//   F <id> <name> <file> <line> <col>  a function defined here; the records
//                                      below belong to the last F
//   A <lock> <file> <line> <col>       a blocking acquisition; the H lines
//                                      after it are the locks held then
//   C <callee id> <callee name> <file> <line> <col>
//                                      a call; H lines: the locks held then
//   H <lock> <file> <line> <col>       a lock held exclusively, where it was
//                                      acquired
//   P <index> <lock>                   after a C: its argument <index> names
//                                      <lock> (a callee's parameter lock
//                                      `<callee id>#<index>` stands for it)
//   R <lock> <file> <line> <col>       releases a lock its caller acquired
//   X <lock>                           may return holding the lock
//   S <function id> <name> <file> <line> <col>
//                                      starts a thread (or a task of a
//                                      group) that runs that function
//   J <Class::member>                  joins or detaches a thread member
//   T <class> <member> <kind> <destructor id> <file> <line> <col>
//                                      a thread member (kind: thread or
//                                      container) of a class with a
//                                      destructor of its own
//
// A name ending in `@unit` is private to its unit (internal linkage):
// ProjectLockGraph tells those of different units apart.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_UNITFACTS_H
#define CONC_CHECKER_ANALYSIS_UNITFACTS_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace clang::tidy::conc::analysis {

/// The suffix of a name private to its unit.
inline constexpr llvm::StringLiteral UnitPrivateSuffix = "@unit";

struct Place {
  std::string File; ///< absolute (root-relative inside a report)
  unsigned Line = 0, Column = 0;
  bool operator<(const Place &O) const {
    return std::tie(File, Line, Column) < std::tie(O.File, O.Line, O.Column);
  }
  bool operator==(const Place &O) const {
    return std::tie(File, Line, Column) == std::tie(O.File, O.Line, O.Column);
  }
};

/// A lock held at some point, and where it was acquired.
struct HeldLockFact {
  std::string Lock;
  Place AcquiredAt;
};

struct Acquisition {
  std::string Lock;
  Place Where;
  std::vector<HeldLockFact> Held;
};

/// A lock reached through a function's parameter has no name of its own:
/// it is `<function id>#<index>`, and each call names the lock its argument
/// is (Call::LockArguments), so that the merge puts the caller's lock in
/// its place.
std::string parameterLockId(llvm::StringRef FunctionId, unsigned Index);

/// If \p Lock is a parameter lock, the id of its function and the index.
std::optional<std::pair<llvm::StringRef, unsigned>>
parseParameterLockId(llvm::StringRef Lock);

struct Call {
  std::string Callee;     ///< its id
  std::string CalleeName; ///< as people read it
  Place Where;
  std::vector<HeldLockFact> Held;
  /// The arguments that name a lock: (index, lock).
  std::vector<std::pair<unsigned, std::string>> LockArguments;
};

struct Release {
  std::string Lock;
  Place Where;
};

/// A place that starts a thread running a function (a lambda's call
/// operator, a named function, a member function).
struct ThreadStartFact {
  std::string Function;     ///< its id
  std::string FunctionName; ///< as people read it
  Place Where;
};

struct FunctionFacts {
  std::string Id;
  std::string Name;
  Place Where;
  std::vector<Acquisition> Acquisitions;
  std::vector<Call> Calls;
  std::vector<Release> ReleasesCallersLocks;
  std::vector<std::string> ReturnsHolding;
  /// Thread members (`Class::member`) it joins or detaches itself.
  std::vector<std::string> JoinsMembers;
  /// The threads it starts, with what each runs.
  std::vector<ThreadStartFact> ThreadStarts;
};

/// A std::thread (or a container of them) owned by a class whose own
/// destructor must join it.
struct ThreadMember {
  std::string Class;
  std::string Member; ///< `Class::member`, as JoinsMembers names it
  bool Container = false;
  std::string Destructor; ///< its id
  Place Where;
};

struct UnitFacts {
  std::string Unit; ///< the main source file
  /// Compiled as C (not C++): the advice of a finding differs (C has no
  /// std::scoped_lock).
  bool IsC = false;
  std::vector<std::string> EnabledChecks;
  std::vector<FunctionFacts> Functions;
  std::vector<ThreadMember> ThreadMembers;
};

/// A lock's or function's name for people: `mu` for `mu`, and for a name
/// private to a unit (as ProjectLockGraph makes them unique,
/// `mu@unit:/src/a.cpp`) `mu (static in a.cpp)`.
std::string shownName(llvm::StringRef Id);

/// The text form; MapPath rewrites every file name (absolute to
/// root-relative for a report, and back).
std::string serializeFacts(
    const UnitFacts &Facts,
    llvm::function_ref<std::string(llvm::StringRef)> MapPath = nullptr);

/// Parses the text form; an error message for malformed input.
std::optional<std::string> parseFacts(
    llvm::StringRef Text, UnitFacts &Facts,
    llvm::function_ref<std::string(llvm::StringRef)> MapPath = nullptr);

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_UNITFACTS_H
