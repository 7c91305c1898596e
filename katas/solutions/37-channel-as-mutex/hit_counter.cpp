#include "hit_counter.h"

void HitCounter::add(const std::string& route) {
  std::lock_guard lock(mutex_);
  ++counts_[route];
}

long HitCounter::count(const std::string& route) const {
  std::lock_guard lock(mutex_);
  auto it = counts_.find(route);
  return it == counts_.end() ? 0 : it->second;
}
