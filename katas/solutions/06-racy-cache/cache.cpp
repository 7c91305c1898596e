#include "cache.h"

#include <mutex>

std::optional<std::string> Cache::get(const std::string& key) const {
  std::shared_lock lock(mutex_);  // readers together
  auto found = items_.find(key);
  if (found == items_.end()) return std::nullopt;
  return found->second;
}

void Cache::put(const std::string& key, std::string value) {
  std::unique_lock lock(mutex_);  // a writer alone
  items_[key] = std::move(value);
}

std::size_t Cache::size() const {
  std::shared_lock lock(mutex_);
  return items_.size();
}
