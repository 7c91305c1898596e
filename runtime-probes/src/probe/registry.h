// The probe's record of the threads created through its pthread_create.
//
// Each thread created through the interposed pthread_create carries a record
// (its creation stack, its creator, a serial number) that lives from the
// moment the thread starts running until its start routine returns or it
// exits. Records are linked into one list under one mutex; the list is made
// consistent across fork() by pthread_atfork handlers.
#pragma once

#include <pthread.h>
#include <sys/types.h>
#include <unwind.h>

#include <cstdint>
#include <functional>
#include <vector>

#include "conc/internal/stacktrace.h"

namespace conc::probe::detail {

struct ThreadRecordView {
  pid_t tid;  // 0 while the thread has not started running
  pid_t creator_tid;
  std::uint64_t serial;  // 1 for the first thread created through the probe
  const internal::Stack* creation;
};

// How many threads were created through the probe so far (the last serial).
std::uint64_t ThreadsCreated() noexcept;

// Calls `visit` for every live record, under the registry lock: `visit` must
// not create threads or take locks that a thread creator may hold.
void ForEachRecord(const std::function<void(const ThreadRecordView&)>& visit);

// Threads whose pthread_create is under way: their record has no tid yet.
int PendingStarts();

// backtrace() that survives a fault in the unwinder (a fiber stack with a
// bad bottom frame): returns the frames found before the fault. Async-
// signal-safe once InstallFaultGuard() has run (call that outside signal
// handlers first); frames as backtrace() returns them.
void InstallFaultGuard() noexcept;
int GuardedBacktrace(void** pcs, int capacity) noexcept;
// _Unwind_Backtrace under the same guard: `visit` has seen the frames found
// before a fault.
void GuardedUnwind(_Unwind_Trace_Fn visit, void* arg) noexcept;

// The calling thread's creation stack and creator, when it was created
// through the probe's pthread_create and its start routine is running.
bool CurrentThreadCreation(internal::Stack& creation, pid_t& creator) noexcept;

// The load-time baseline, taken by the probe's constructor.
const std::vector<pid_t>& ThreadsAtLoad();

// Starts a thread of the probe's own with the real pthread_create: it gets no
// record, no serial and no creation stack (the program's threads keep their
// numbers). Returns pthread_create's error code.
int CreateProbeThread(pthread_t* thread, void* (*routine)(void*), void* arg) noexcept;

}  // namespace conc::probe::detail
