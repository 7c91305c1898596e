// Where another thread of this process is now, asked for with a signal.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>

#include "conc/internal/stacktrace.h"

namespace conc::probe::detail {

// Captures `tid`'s current stack by sending it SIGURG and waiting up to
// `timeout` for its handler to fill a preallocated buffer. Returns false with
// the reason in `why` when the thread did not answer.
bool CaptureThreadStack(pid_t tid, internal::Stack& out, std::chrono::milliseconds timeout,
                        std::string& why);

// The same, also filling cfas[i] with the canonical frame address of frame
// i (as the lock tracker's own stack walk records them: frames whose CFA is
// above a lock acquisition's are that acquisition's callers).
bool CaptureThreadStack(pid_t tid, internal::Stack& out,
                        std::uintptr_t (&cfas)[internal::Stack::kMaxFrames],
                        std::chrono::milliseconds timeout, std::string& why);

}  // namespace conc::probe::detail
