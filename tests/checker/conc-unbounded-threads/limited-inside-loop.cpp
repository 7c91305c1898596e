// RUN: %check_conc_tidy %s conc-unbounded-threads %t -- -- -std=c++20 -I%conc_include
// Data loops whose concurrency is limited in the loop itself.
#include <conc/errgroup.h>
#include <future>
#include <semaphore>
#include <thread>
#include <vector>

void work(int);

void batches(const std::vector<int> &items) {
  std::vector<std::thread> batch;
  for (int item : items) {
    batch.emplace_back(work, item);
    if (batch.size() == 8) {
      for (auto &t : batch)
        t.join();
      batch.clear();
    }
  }
  for (auto &t : batch)
    t.join();
}

void semaphore(const std::vector<int> &items) {
  std::counting_semaphore<8> slots(8);
  std::vector<std::jthread> threads;
  for (int item : items) {
    slots.acquire();
    threads.emplace_back([&slots, item] {
      work(item);
      slots.release();
    });
  }
}

void one_at_a_time(const std::vector<int> &items) {
  for (int item : items)
    std::async(std::launch::async, work, item).get();
  for (int item : items) {
    std::thread t(work, item);
    t.join();
  }
}

bool limited_group(const std::vector<int> &items) {
  conc::ErrGroup group;
  group.set_limit(4);
  for (int item : items)
    group.go([item] {
      work(item);
      return true;
    });
  return group.wait() == nullptr;
}
