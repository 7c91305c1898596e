// Reading the process's threads from /proc/self/task.
#pragma once

#include <sys/types.h>

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
};

KernelThreadInfo ReadThreadInfo(pid_t tid);

const char* StateName(char state);

pid_t CurrentTid() noexcept;

}  // namespace conc::probe::detail
