#pragma once
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

// A string cache read by many threads and written by a few. Reads vastly
// outnumber writes, so readers share the lock and only writers are exclusive.
class Cache {
 public:
  std::optional<std::string> get(const std::string& key) const;
  void put(const std::string& key, std::string value);
  std::size_t size() const;

 private:
  mutable std::shared_mutex mutex_;  // guards items_
  std::unordered_map<std::string, std::string> items_;
};
