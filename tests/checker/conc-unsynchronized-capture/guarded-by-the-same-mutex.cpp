// RUN: %check_conc_tidy %s conc-unsynchronized-capture %t
// Every access holds the same mutex: lock_guard, unique_lock, scoped_lock,
// or lock()/unlock() around it.
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

int guarded(int workers) {
  std::mutex mu;
  int hits = 0;
  std::map<std::string, int> seen;
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w)
    threads.emplace_back([&] {
      {
        std::lock_guard<std::mutex> guard(mu);
        ++hits;
      }
      std::unique_lock lock(mu);
      seen["x"] += 1;
    });
  threads.emplace_back([&] {
    std::scoped_lock lock(mu);
    hits = 0;
  });
  threads.emplace_back([&] {
    mu.lock();
    seen.clear();
    mu.unlock();
  });
  {
    std::lock_guard<std::mutex> guard(mu);
    hits += static_cast<int>(seen.size());
  }
  for (auto &t : threads)
    t.join();
  return hits;
}
