// Reading the process's threads from /proc/self/task.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace conc::probe::detail {

// The ids of the process's threads, sorted. Empty only if /proc is missing.
std::vector<pid_t> ListThreads();

struct KernelThreadInfo {
  bool exists = false;  // false when the thread is gone
  std::string name;
  char state = '?';
  std::string wait_channel;
  std::uint64_t blocked_signals = 0;  // SigBlk: bit N-1 set when signal N is blocked
};

// Whether `signo` is in a SigBlk mask.
inline bool Blocks(std::uint64_t mask, int signo) { return (mask >> (signo - 1)) & 1; }

KernelThreadInfo ReadThreadInfo(pid_t tid);

const char* StateName(char state);

pid_t CurrentTid() noexcept;

}  // namespace conc::probe::detail
