#pragma once
#include <map>
#include <string>
#include <vector>

#include "rw_mutex.h"

// The shop's prices, in cents. Request threads read them all day long; a
// price feed changes a few of them now and then.
class PriceList {
 public:
  // Applies a batch of new prices at once: no reader sees half a batch.
  void apply(const std::map<std::string, int>& new_prices);

  // The price of one item; throws std::out_of_range for an unknown item.
  int price(const std::string& item) const;

  // The price of a basket, every item priced at the same moment (a batch
  // never lands halfway through a basket). Throws std::out_of_range for an
  // unknown item.
  int total(const std::vector<std::string>& basket) const;

 private:
  // The price of one item; the caller holds mutex_ (either way). Public
  // methods lock, private helpers never do: no path takes mutex_ twice.
  int price_locked(const std::string& item) const;

  mutable RWMutex mutex_;  // guards cents_
  std::map<std::string, int> cents_;
};
