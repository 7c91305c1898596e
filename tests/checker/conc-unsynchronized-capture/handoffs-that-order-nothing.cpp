// RUN: %check_conc_tidy %s conc-unsynchronized-capture %t
// A hand-off orders only what comes before the signal with what comes after
// the wait: a write after set_value, a read before arrive_and_wait, or a
// thread started before the spawner's wait still race.
#include <barrier>
#include <future>
#include <latch>
#include <thread>

int compute() noexcept;

void write_after_the_signal() {
  int data = 0;
  std::promise<void> ready;
  std::future<void> seen = ready.get_future();
  std::thread producer([&] {
    ready.set_value();
    data = compute();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'data' is written by a thread and written by the spawning code before the join with no lock held; guard both with the same mutex or make it atomic [conc-unsynchronized-capture]
    // CHECK-NOTES: :[[@LINE-4]]:15: note: the thread is started here
    // CHECK-NOTES: :[[@LINE+3]]:3: note: the other write
  });
  seen.get();
  data += 1;
  producer.join();
}

// Variant: the second thread reads before it arrives at the barrier.
void read_before_the_barrier() {
  int shared = 0;
  std::barrier sync(2);
  std::thread first([&] {
    shared = compute();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'shared' is written by a thread and read by another thread with no lock held; guard both with the same mutex or make it atomic [conc-unsynchronized-capture]
    // CHECK-NOTES: :[[@LINE-3]]:15: note: the thread is started here
    // CHECK-NOTES: :[[@LINE+4]]:16: note: the other read
    sync.arrive_and_wait();
  });
  std::thread second([&] {
    int seen = shared;
    sync.arrive_and_wait();
    (void)seen;
  });
  first.join();
  second.join();
}

// Variant: the next thread starts before the spawner waits.
void started_before_the_wait() {
  int stage = 0;
  std::latch loaded(1);
  std::thread loader([&] {
    stage = 1;
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'stage' is written by a thread and written by another thread with no lock held; guard both with the same mutex or make it atomic [conc-unsynchronized-capture]
    // CHECK-NOTES: :[[@LINE-3]]:15: note: the thread is started here
    // CHECK-NOTES: :[[@LINE+3]]:26: note: the other write
    loaded.count_down();
  });
  std::thread user([&] { stage += 1; });
  loaded.wait();
  user.join();
  loader.join();
}
