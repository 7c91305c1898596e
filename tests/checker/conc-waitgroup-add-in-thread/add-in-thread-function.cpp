// RUN: %check_conc_tidy %s conc-waitgroup-add-in-thread %t -- -- -std=c++20 -I%conc_include
// The thread runs a named function that gets the group by reference.
#include <conc/waitgroup.h>
#include <functional>
#include <thread>

void worker(conc::WaitGroup &group, int id) {
  group.add(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'add' on wait group 'wg' runs inside the thread it counts; 'wait' may return before it runs; call 'add' before starting the thread [conc-waitgroup-add-in-thread]
  (void)id;
  group.done();
}

void pointer_worker(conc::WaitGroup *group) {
  group->add(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'add' on wait group 'wg' runs inside the thread it counts
  group->done();
}

void start() {
  conc::WaitGroup wg;
  std::thread a(worker, std::ref(wg), 1);
  std::thread b(pointer_worker, &wg);
  wg.wait();
  a.join();
  b.join();
}
