// RUN: %check_conc_tidy %s conc-unsynchronized-capture %t
// Accesses before the start or after the join are ordered with the thread;
// threads that never overlap do not race.
#include <future>
#include <thread>
#include <vector>

int sequential() {
  int value = 1;
  std::vector<int> items;
  items.push_back(0);
  std::thread first([&] {
    value *= 2;
    items.push_back(value);
  });
  first.join();
  value += 1;
  std::thread second([&] {
    value *= 3;
    items.push_back(value);
  });
  second.join();
  items.push_back(value);
  int one_at_a_time = 0;
  for (int i = 0; i < 3; ++i) {
    std::thread t([&] { one_at_a_time += i; });
    t.join();
  }
  std::async(std::launch::async, [&] { value = 7; });
  value = 8;
  return value + one_at_a_time + static_cast<int>(items.size());
}
