// RUN: %check_conc_tidy %s conc-unsynchronized-capture %t
// Go's racy counter: every worker increments the same int.
#include <thread>
#include <vector>

int count_hits(int workers) {
  int hits = 0;
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w)
    threads.emplace_back([&hits] {
      for (int i = 0; i < 1000; ++i)
        ++hits;
      // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'hits' is written by a thread and written by another run of the same thread with no lock held; guard both with the same mutex or make it atomic [conc-unsynchronized-capture]
      // CHECK-NOTES: :[[@LINE-4]]:5: note: the thread is started here, once per iteration
    });
  for (auto &t : threads)
    t.join();
  return hits;
}
