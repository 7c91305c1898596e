#pragma once
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

// A string cache read by many threads and written by a few. Reads vastly
// outnumber writes, so readers should not have to wait for each other.
class Cache {
 public:
  std::optional<std::string> get(const std::string& key) const;
  void put(const std::string& key, std::string value);
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::string> items_;
};
