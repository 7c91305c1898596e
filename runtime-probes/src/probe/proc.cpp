#include "proc.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace conc::probe::detail {
namespace {

// Reads a small /proc file into `buffer`; returns its length or -1.
ssize_t ReadSmallFile(const char* path, char* buffer, size_t size) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t total = 0;
  while (static_cast<size_t>(total) < size - 1) {
    ssize_t n = read(fd, buffer + total, size - 1 - total);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    total += n;
  }
  close(fd);
  buffer[total] = '\0';
  return total;
}

}  // namespace

pid_t CurrentTid() noexcept { return static_cast<pid_t>(syscall(SYS_gettid)); }

std::vector<pid_t> ListThreads() {
  std::vector<pid_t> tids;
  DIR* dir = opendir("/proc/self/task");
  if (dir == nullptr) return tids;
  while (dirent* entry = readdir(dir)) {
    if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
    tids.push_back(static_cast<pid_t>(std::strtol(entry->d_name, nullptr, 10)));
  }
  closedir(dir);
  std::sort(tids.begin(), tids.end());
  return tids;
}

KernelThreadInfo ReadThreadInfo(pid_t tid) {
  KernelThreadInfo info;
  char path[64];
  char buffer[1024];
  std::snprintf(path, sizeof path, "/proc/self/task/%d/stat", static_cast<int>(tid));
  if (ReadSmallFile(path, buffer, sizeof buffer) <= 0) return info;
  // "tid (comm) S ...": comm may hold spaces and parentheses, so take the
  // text between the first '(' and the last ')'.
  char* open_paren = std::strchr(buffer, '(');
  char* close_paren = std::strrchr(buffer, ')');
  if (open_paren == nullptr || close_paren == nullptr || close_paren < open_paren) return info;
  info.exists = true;
  info.name.assign(open_paren + 1, close_paren);
  if (close_paren[1] == ' ' && close_paren[2] != '\0') info.state = close_paren[2];
  std::snprintf(path, sizeof path, "/proc/self/task/%d/wchan", static_cast<int>(tid));
  if (ReadSmallFile(path, buffer, sizeof buffer) > 0) {
    // "0" means running, or that the kernel hides it.
    if (std::strcmp(buffer, "0") != 0) info.wait_channel = buffer;
  }
  std::snprintf(path, sizeof path, "/proc/self/task/%d/status", static_cast<int>(tid));
  char status[4096];
  if (ReadSmallFile(path, status, sizeof status) > 0) {
    if (const char* blocked = std::strstr(status, "\nSigBlk:")) {
      info.blocked_signals = std::strtoull(blocked + 8, nullptr, 16);
    }
  }
  return info;
}

const char* StateName(char state) {
  switch (state) {
    case 'R': return "running";
    case 'S': return "sleeping";
    case 'D': return "uninterruptible sleep";
    case 'T': return "stopped";
    case 't': return "stopped by a tracer";
    case 'Z': return "zombie";
    case 'X': return "dead";
    case 'I': return "idle";
    default: return "unknown";
  }
}

}  // namespace conc::probe::detail
