#include "inventory.h"

#include <stdexcept>

void Inventory::add(const std::string& item, int count) {
  if (count <= 0) throw std::invalid_argument("count must be positive");
  std::lock_guard lock(mutex_);
  stock_[item] += count;
}

bool Inventory::take(const std::string& item, int count) {
  std::lock_guard lock(mutex_);  // unlocks on every path out, early return included
  auto found = stock_.find(item);
  if (found == stock_.end() || found->second < count) {
    return false;
  }
  found->second -= count;
  return true;
}

int Inventory::count(const std::string& item) {
  std::lock_guard lock(mutex_);
  auto found = stock_.find(item);
  return found == stock_.end() ? 0 : found->second;
}
