#include "inventory.h"

#include <stdexcept>

void Inventory::add(const std::string& item, int count) {
  mutex_.lock();
  if (count <= 0) throw std::invalid_argument("count must be positive");
  stock_[item] += count;
  mutex_.unlock();
}

bool Inventory::take(const std::string& item, int count) {
  mutex_.lock();
  auto found = stock_.find(item);
  if (found == stock_.end() || found->second < count) {
    return false;
  }
  found->second -= count;
  mutex_.unlock();
  return true;
}

int Inventory::count(const std::string& item) {
  mutex_.lock();
  auto found = stock_.find(item);
  const int result = found == stock_.end() ? 0 : found->second;
  mutex_.unlock();
  return result;
}
