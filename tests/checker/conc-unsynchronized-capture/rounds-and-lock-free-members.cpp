// RUN: %check_conc_tidy %s conc-unsynchronized-capture %t
// Found on taskflow's work-stealing queue tests: threads joined at the end
// of each round do not overlap the next round's setup, and a queue whose
// members are atomics (through an array of sub-queues) synchronizes itself.
#include <array>
#include <atomic>
#include <cstddef>
#include <mutex>
#include <thread>
#include <vector>

template <typename T> class StealQueue {
public:
  bool push(T item);
  T steal();
  bool empty() const;

private:
  std::atomic<std::size_t> top_{0};
  std::atomic<std::size_t> bottom_{0};
  std::vector<T> buffer_;
};

template <typename T, std::size_t P> class PriorityQueue {
public:
  bool push(T item, std::size_t priority);
  T steal();
  bool empty() const;

private:
  std::array<StealQueue<T>, P> queues_;
};

void rounds(int workers) {
  PriorityQueue<int *, 3> pq;
  std::mutex mu;
  int stolen = 0;
  for (int round = 1; round < 100; round *= 3) {
    stolen = 0; // the previous round's threads are joined
    std::vector<std::thread> threads;
    for (int w = 0; w < workers; ++w)
      threads.emplace_back([&] {
        while (pq.steal() != nullptr) {
          std::lock_guard<std::mutex> lock(mu);
          ++stolen;
        }
      });
    for (auto &t : threads)
      t.join();
    stolen += round;
  }
}
