// conc/probe/locks.h: lock-order inversions and lock misuse, found at run time.
//
// Go's runtime says "fatal error: all goroutines are asleep - deadlock!" once
// a deadlock has happened; Linux's lockdep and ThreadSanitizer find the lock
// order that can deadlock before it does. With CONC_PROBE_LOCKS=1 in the
// environment when libconc_probe is loaded (`conc-probe run --locks` sets
// it), the probe interposes the lock calls of the C library
// (pthread_mutex_*, pthread_rwlock_*, pthread_spin_*, C11 mtx_*: also every
// std::mutex, std::shared_mutex, std::recursive_mutex, std::timed_mutex) and
// reports, on stderr and to the functions below:
//
//  - a lock-order inversion: lock B waited for while A is held, and
//    elsewhere (any thread, any time before or after) a chain back from B to
//    A. Cycles of two, three and more locks; reported when the edge that
//    closes the cycle is first seen, although no deadlock happened;
//  - a lock still held when its thread exits;
//  - an unlock by a thread that does not hold the lock while another does;
//  - a lock destroyed while some thread holds it;
//  - a rwlock whose read lock is upgraded (write lock asked for while the
//    same thread holds the read lock: it waits for itself).
//
// Not reported: try-locks (they do not wait, so they add no edge),
// a recursive mutex locked again, std::lock / std::scoped_lock of several
// locks (their back-off uses try-locks), lock coupling down a chain in one
// direction. A lock's identity ends at init, destroy, and the free or munmap
// of its memory: a new lock at the same address is a new node.
//
// Happens-before: none is added or removed; the real lock call is made
// exactly as the program made it. The report of an inversion is written
// before the lock call that closes the cycle waits.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace conc::probe {

// Whether the lock tracker is on in this process (CONC_PROBE_LOCKS=1 at load).
bool LockTrackingEnabled();

// How many findings (inversions and misuses) were reported so far, after the
// --ignore-lock-site filters.
std::size_t LockFindingCount();

// The text of findings number `first` onwards, in the order they were found.
std::vector<std::string> LockReportsSince(std::size_t first);

// Every finding so far as one JSON document:
//   {"findings": [{"kind": "lock-order-inversion", "test": ..., "locks": [...],
//                  "edges": [...]}, {"kind": "unlock-by-non-owner", ...}]}
std::string LockFindingsJson();

// Names the test now running ("Suite.Name"; "" between tests): each edge
// remembers the test it was first seen in, each finding the test it was
// found in. The GoogleTest listener calls it.
void SetCurrentTestName(std::string name);

}  // namespace conc::probe
