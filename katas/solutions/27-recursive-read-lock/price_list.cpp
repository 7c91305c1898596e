#include "price_list.h"

#include <mutex>
#include <shared_mutex>

void PriceList::apply(const std::map<std::string, int>& new_prices) {
  std::unique_lock lock(mutex_);
  for (const auto& [item, cents] : new_prices) cents_[item] = cents;
}

int PriceList::price_locked(const std::string& item) const { return cents_.at(item); }

int PriceList::price(const std::string& item) const {
  std::shared_lock lock(mutex_);
  return price_locked(item);
}

int PriceList::total(const std::vector<std::string>& basket) const {
  // One read lock for the whole basket: a batch cannot land halfway through
  // it, and no second read lock queues behind a waiting writer.
  std::shared_lock lock(mutex_);
  int sum = 0;
  for (const std::string& item : basket) sum += price_locked(item);
  return sum;
}
