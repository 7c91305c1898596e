// RUN: %check_conc_tidy %s conc-unsynchronized-capture %t
// Each thread holds a lock, but not the same one.
#include <mutex>
#include <thread>
#include <vector>

void two_locks() {
  std::mutex a, b;
  std::vector<int> items;
  std::thread first([&] {
    std::lock_guard<std::mutex> guard(a);
    items.push_back(1);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'items' is written by a thread and written by another thread with no lock held; guard both with the same mutex or make it atomic [conc-unsynchronized-capture]
    // CHECK-NOTES: :[[@LINE-4]]:15: note: the thread is started here
    // CHECK-NOTES: :[[@LINE+4]]:5: note: the other write
  });
  std::thread second([&] {
    std::lock_guard<std::mutex> guard(b);
    items.push_back(2);
  });
  first.join();
  second.join();
}

void unlocked_too_early() {
  std::mutex mu;
  long total = 0;
  std::vector<std::jthread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&, i] {
      mu.lock();
      mu.unlock();
      total += i;
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'total' is written by a thread and written by another run of the same thread with no lock held
      // CHECK-NOTES: :[[@LINE-5]]:5: note: the thread is started here, once per iteration
    });
}
