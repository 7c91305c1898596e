// RUN: %check_conc_tidy %s conc-dangling-capture %t -- -- -std=c++20 -I%conc_include
// The thread object lives in an outer scope and is joined there.
#include <conc/errgroup.h>
#include <thread>
#include <vector>

void work(int);

void block_scope() {
  std::thread t;
  {
    int local = 1;
    t = std::thread([&local] { work(local); });
    // CHECK-NOTES: :[[@LINE-1]]:23: warning: 'local' is captured by reference by a thread that may outlive it
    // CHECK-NOTES: :[[@LINE-3]]:9: note: 'local' is declared here
    // CHECK-NOTES: :[[@LINE+3]]:5: note: the thread is joined here, after 'local' has gone out of scope
  }
  work(0);
  t.join();
}

bool group_task(const std::vector<int> &items) {
  conc::ErrGroup group;
  for (int item : items)
    group.go([&item] {
      work(item);
      return true;
    });
  // CHECK-NOTES: :[[@LINE-4]]:16: warning: loop variable 'item' is captured by reference by a thread that may outlive its iteration
  // CHECK-NOTES: :[[@LINE-6]]:12: note: 'item' is declared here
  // CHECK-NOTES: :[[@LINE+1]]:16: note: the thread is joined here, after 'item' has gone out of scope
  return group.wait() == nullptr;
}
