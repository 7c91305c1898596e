// RUN: %check_conc_tidy %s conc-waitgroup-add-in-thread %t -- -- -std=c++20 -I%conc_include
// Go's SA2000 in C++: the thread counts itself in, so wait() can run first.
#include <conc/waitgroup.h>
#include <thread>
#include <vector>

void process(int);

void run_all(int n) {
  conc::WaitGroup wg;
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&wg, i] {
      wg.add(1);
      // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'add' on wait group 'wg' runs inside the thread it counts; 'wait' may return before it runs; call 'add' before starting the thread [conc-waitgroup-add-in-thread]
      // CHECK-NOTES: :[[@LINE-3]]:5: note: the thread is started here
      // CHECK-NOTES: :[[@LINE+5]]:6: note: 'wait' waits on 'wg' here
      process(i);
      wg.done();
    });
  }
  wg.wait();
  for (auto &t : threads)
    t.join();
}
