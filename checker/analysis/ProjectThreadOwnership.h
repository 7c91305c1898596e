//===--- ProjectThreadOwnership.h - conc-tidy -------------------*- C++ -*-===//
//
// Part of conc. Thread ownership over the whole program: a class that owns
// a std::thread (or a container of them) must join it in its destructor.
// When the destructor hands that job to functions of other units
// (`~Worker() { stop(); }` with stop() in stop.cpp), no unit alone can tell
// whether it is done; the merged facts can.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_PROJECTTHREADOWNERSHIP_H
#define CONC_CHECKER_ANALYSIS_PROJECTTHREADOWNERSHIP_H

#include "analysis/ProjectLockGraph.h"
#include "analysis/UnitFacts.h"

#include <vector>

namespace clang::tidy::conc::analysis {

/// A thread member that its class's destructor never joins or detaches,
/// itself or through any function it calls, in any unit.
struct UnjoinedMember {
  std::string Message;
  Place Where; ///< the member
  std::vector<PathStep> Steps;
};

/// Members whose destructor is defined in the project, calls functions
/// defined in other units (which its own unit could not follow), and
/// neither it nor any function it reaches joins or detaches the member; in
/// units where conc-unjoined-thread is enabled. A destructor that calls a
/// function defined nowhere in the project (a library's) may join through
/// it: silent.
std::vector<UnjoinedMember>
unjoinedThreadMembers(const std::vector<UnitFacts> &Units);

} // namespace clang::tidy::conc::analysis

#endif // CONC_CHECKER_ANALYSIS_PROJECTTHREADOWNERSHIP_H
