// The lock tracker's findings: what it hands over, how they are printed.
//
// The tracker captures program counters only; this side symbolizes them,
// applies the lock-site filters (--ignore-lock-site), prints the text report
// to stderr at once (a real deadlock may follow and the report must be out
// before it), and keeps the text and JSON of every finding for the
// GoogleTest listener, VerifyTestMain and `conc-probe run`.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "conc/internal/stacktrace.h"
#include "lock_tracker.h"

namespace conc::probe::detail::locks {

struct LockRef {
  std::uint64_t id = 0;
  std::uintptr_t address = 0;
  Kind kind = Kind::kMutex;
};

struct ThreadRef {
  pid_t tid = 0;
  bool is_main = false;
  std::string name;
  bool has_creation = false;  // created through the probe's pthread_create
  pid_t creator = 0;
  internal::Stack creation;
};

// The first time `waited` was waited for while `held` was held.
struct EdgeRecord {
  LockRef held, waited;
  ThreadRef thread;
  internal::Stack held_stack;    // where `held` was taken, with the callers still active
  internal::Stack waited_stack;  // where `waited` was asked for
  std::string test;              // the test running then ("" outside tests)
};

// A cycle: edges[i].waited is edges[i+1].held, the last edge's waited is
// the first one's held.
void ReportCycle(const std::vector<EdgeRecord>& edges, const std::string& test_now);

enum class Misuse { kHeldAtThreadExit, kUnlockByNonOwner, kDestroyedWhileHeld, kReadToWriteUpgrade };

struct MisuseRecord {
  Misuse kind = Misuse::kHeldAtThreadExit;
  LockRef lock;
  ThreadRef thread;         // the thread that did it
  internal::Stack here;     // where (empty for a thread exit)
  ThreadRef owner;          // the thread that holds the lock (may be `thread`)
  internal::Stack acquired; // where the owner took it
  std::string test;
};

void ReportMisuse(const MisuseRecord& record);

// Settings read once, at load, from the environment: the lock-site globs.
void LoadReportSettings();

}  // namespace conc::probe::detail::locks
