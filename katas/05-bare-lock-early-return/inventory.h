#pragma once
#include <map>
#include <mutex>
#include <string>

// A stock of items, shared by the threads that take and restock items.
class Inventory {
 public:
  // Adds `count` items; throws std::invalid_argument if count <= 0.
  void add(const std::string& item, int count);
  // Takes `count` items if that many are in stock; returns whether it did.
  bool take(const std::string& item, int count);
  int count(const std::string& item);

 private:
  std::mutex mutex_;
  std::map<std::string, int> stock_;
};
