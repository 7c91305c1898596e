// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// The everyday idiom: spawn in one loop, join every element in the next.
#include <algorithm>
#include <array>
#include <functional>
#include <thread>
#include <vector>

void work(int) noexcept;

void range_join(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back(work, i);
  for (auto &t : threads)
    t.join();
}

void index_join(int n) {
  std::vector<std::thread> threads;
  threads.reserve(n);
  for (int i = 0; i < n; ++i)
    threads.push_back(std::thread(work, i));
  for (size_t i = 0; i < threads.size(); ++i)
    threads[i].join();
}

void guarded_join(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([i] { work(i); });
  for (auto &t : threads)
    if (t.joinable())
      t.join();
}

void for_each_join(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back(work, i);
  std::for_each(threads.begin(), threads.end(), std::mem_fn(&std::thread::join));
}

void array_join() {
  std::thread threads[4];
  for (int i = 0; i < 4; ++i)
    threads[i] = std::thread(work, i);
  for (auto &t : threads)
    t.join();
}

void std_array_join() {
  std::array<std::thread, 3> threads;
  for (int i = 0; i < 3; ++i)
    threads.at(i) = std::thread(work, i);
  for (std::thread &t : threads)
    t.join();
}
