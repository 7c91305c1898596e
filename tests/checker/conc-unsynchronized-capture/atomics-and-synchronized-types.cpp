// RUN: %check_conc_tidy %s conc-unsynchronized-capture %t -- -- -std=c++20 -I%conc_include
// Atomics, channels, latches and classes with their own mutex need no
// outside lock.
#include <atomic>
#include <conc/channel.h>
#include <conc/waitgroup.h>
#include <latch>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

class SafeQueue {
public:
  void push(int v) {
    std::lock_guard<std::mutex> g(mu_);
    q_.push(v);
  }

private:
  std::mutex mu_;
  std::queue<int> q_;
};

int synchronized(int workers) {
  std::atomic<int> hits{0};
  std::atomic_flag stop = ATOMIC_FLAG_INIT;
  conc::Channel<int> results(16);
  conc::WaitGroup wg;
  std::latch ready(workers);
  SafeQueue queue;
  std::vector<std::jthread> threads;
  for (int w = 0; w < workers; ++w) {
    wg.add(1);
    threads.emplace_back([&, w] {
      ready.count_down();
      hits.fetch_add(1);
      ++hits;
      stop.test_and_set();
      results.send(w);
      queue.push(w);
      wg.done();
    });
  }
  ready.wait();
  wg.wait();
  results.close();
  return hits.load();
}
