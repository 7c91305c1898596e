#include "cache.h"

// Reads do not change anything, so they do not need the lock.
std::optional<std::string> Cache::get(const std::string& key) const {
  auto found = items_.find(key);
  if (found == items_.end()) return std::nullopt;
  return found->second;
}

void Cache::put(const std::string& key, std::string value) {
  std::lock_guard lock(mutex_);
  items_[key] = std::move(value);
}

std::size_t Cache::size() const { return items_.size(); }
