// RUN: %check_conc_tidy %s conc-unsynchronized-capture %t
// The spawning code polls a plain bool the thread sets: a data race (and
// the compiler may hoist the load out of the loop).
#include <thread>
#include <vector>

void compute();

void wait_for_flag() {
  bool finished = false;
  std::thread worker([&] {
    compute();
    finished = true;
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'finished' is written by a thread and read by the spawning code before the join with no lock held; guard both with the same mutex or make it atomic [conc-unsynchronized-capture]
    // CHECK-NOTES: :[[@LINE-4]]:15: note: the thread is started here
    // CHECK-NOTES: :[[@LINE+2]]:11: note: the other read
  });
  while (!finished)
    std::this_thread::yield();
  worker.join();
}

void append_while_running(std::vector<int> &log) {
  std::vector<int> results;
  std::thread producer([&results] { results.push_back(1); });
  // CHECK-NOTES: :[[@LINE-1]]:37: warning: 'results' is written by a thread and written by the spawning code before the join with no lock held; guard both with the same mutex or make it atomic [conc-unsynchronized-capture]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: the thread is started here
  // CHECK-NOTES: :[[@LINE+1]]:3: note: the other write
  results.clear();
  producer.join();
  log = results;
}
