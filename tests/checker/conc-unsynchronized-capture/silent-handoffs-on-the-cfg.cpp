// RUN: %check_conc_tidy %s conc-unsynchronized-capture %t
// Hand-offs decided on the CFG: a write before a signal and an access after
// the matching wait are ordered, whatever the source order. A future is the
// same hand-off object as the promise it came from; a barrier's
// arrive_and_wait both signals and waits; a wait in the spawning code
// orders what it starts afterwards; a thread started on one branch does not
// run alongside the other branch.
#include <barrier>
#include <future>
#include <latch>
#include <mutex>
#include <thread>
#include <vector>

int compute() noexcept;

void promise_and_future() {
  int data = 0;
  std::promise<void> ready;
  std::future<void> seen = ready.get_future();
  std::thread producer([&] {
    data = compute();
    ready.set_value();
  });
  seen.get();
  data += 1;
  producer.join();
}

void barrier_phase() {
  int shared = 0;
  std::barrier sync(2);
  std::thread first([&] {
    shared = compute();
    sync.arrive_and_wait();
  });
  std::thread second([&] {
    sync.arrive_and_wait();
    shared += 1;
  });
  first.join();
  second.join();
}

// Variant: the spawning code waits, then starts the next thread: a chain
// through the spawner.
void chained_through_the_spawner() {
  int stage = 0;
  std::latch loaded(1);
  std::thread loader([&] {
    stage = 1;
    loaded.count_down();
  });
  loaded.wait();
  std::thread user([&] { stage += 1; });
  user.join();
  loader.join();
}

// Variant: inside a lambda; the thread only starts on one branch, the other
// branch writes alone.
auto either = [](bool background) {
  int result = 0;
  if (background) {
    std::thread worker([&] { result = compute(); });
    worker.join();
  } else {
    result = compute();
  }
  return result;
};

// Variant: a member function; the threads share `total` under a lock, and
// the spawner reads it without one after the loop that joins every
// element (a path that skips that loop found no thread to join).
struct Batch {
  int run(int n) {
    int total = 0;
    std::mutex mu;
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i)
      threads.emplace_back([&] {
        std::lock_guard<std::mutex> guard(mu);
        total += compute();
      });
    for (std::thread &t : threads)
      t.join();
    return total;
  }
};
