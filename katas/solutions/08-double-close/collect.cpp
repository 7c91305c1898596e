#include "collect.h"

#include <conc/channel.h>

#include <thread>

std::vector<int> collect_both(const std::vector<int>& a, const std::vector<int>& b) {
  conc::Channel<int> items(16);
  // The only closer: it knows when every sender is done.
  std::jthread closer([&items, &a, &b] {
    {
      std::jthread first([&items, &a] {
        for (int item : a) items.send(item);
      });
      std::jthread second([&items, &b] {
        for (int item : b) items.send(item);
      });
    }  // both producers joined
    items.close();
  });
  std::vector<int> all;
  for (int item : items) all.push_back(item);
  return all;
}
