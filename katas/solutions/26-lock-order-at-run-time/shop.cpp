#include "shop.h"

Shop::Shop() {
  on_cancel = [this](const std::string& item, int count) { AddStock(item, count); };
}

void Shop::AddStock(const std::string& item, int count) {
  std::lock_guard<std::mutex> lock(stock_mu_);
  stock_[item] += count;
}

int Shop::Stock(const std::string& item) {
  std::lock_guard<std::mutex> lock(stock_mu_);
  auto it = stock_.find(item);
  return it == stock_.end() ? 0 : it->second;
}

int Shop::Reserve(const std::string& item, int count) {
  std::lock_guard<std::mutex> stock(stock_mu_);
  int& available = stock_[item];
  if (available < count) return -1;
  available -= count;
  std::lock_guard<std::mutex> orders(orders_mu_);
  int id = next_id_++;
  orders_[id] = Order{item, count};
  return id;
}

void Shop::Cancel(int order) {
  Order cancelled;
  {
    std::lock_guard<std::mutex> orders(orders_mu_);
    auto it = orders_.find(order);
    if (it == orders_.end()) return;
    cancelled = it->second;
    orders_.erase(it);
  }
  // The callback runs with no lock held: whatever it locks, it cannot close
  // a cycle with this function's lock.
  on_cancel(cancelled.item, cancelled.count);
}

int Shop::OpenOrders() {
  std::lock_guard<std::mutex> lock(orders_mu_);
  return static_cast<int>(orders_.size());
}
