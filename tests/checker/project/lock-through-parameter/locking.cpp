#include "store.h"

#include <vector>

static std::vector<std::string> lines;

void append_locked(std::mutex &guard, const std::string &line) {
  std::lock_guard<std::mutex> lock(guard);
  lines.push_back(line);
}

void append_via_helper(std::mutex &guard, const std::string &line) {
  append_locked(guard, line);
}
