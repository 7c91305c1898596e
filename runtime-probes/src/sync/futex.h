// Thin wrappers over the Linux futex system call (private futexes).
#pragma once

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <optional>

namespace conc::internal {

// Sleeps while *word == expected, until woken or the absolute steady_clock
// (CLOCK_MONOTONIC) deadline. Spurious returns happen; callers re-check.
inline void FutexWait(const void* word, std::uint32_t expected,
                      const std::optional<std::chrono::steady_clock::time_point>& deadline) noexcept {
  timespec ts{};
  timespec* timeout = nullptr;
  if (deadline) {
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(deadline->time_since_epoch()).count();
    if (ns < 0) ns = 0;
    ts.tv_sec = static_cast<time_t>(ns / 1000000000);
    ts.tv_nsec = static_cast<long>(ns % 1000000000);
    timeout = &ts;
  }
  syscall(SYS_futex, word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, expected, timeout, nullptr,
          FUTEX_BITSET_MATCH_ANY);
}

inline void FutexWake(const void* word, int count) noexcept {
  syscall(SYS_futex, word, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, count, nullptr, nullptr, 0);
}

}  // namespace conc::internal
