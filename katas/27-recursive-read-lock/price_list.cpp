#include "price_list.h"

#include <mutex>
#include <shared_mutex>

void PriceList::apply(const std::map<std::string, int>& new_prices) {
  std::unique_lock lock(mutex_);
  for (const auto& [item, cents] : new_prices) cents_[item] = cents;
}

int PriceList::price(const std::string& item) const {
  std::shared_lock lock(mutex_);
  return cents_.at(item);
}

int PriceList::total(const std::vector<std::string>& basket) const {
  // Hold the read lock for the whole basket so that a batch cannot land
  // halfway through it.
  std::shared_lock lock(mutex_);
  int sum = 0;
  for (const std::string& item : basket) sum += price(item);
  return sum;
}
