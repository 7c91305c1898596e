// RUN: %check_conc_tidy %s conc-waitgroup-add-in-thread %t -- -- -std=c++20 -I%conc_include
// A task of an ErrGroup is a goroutine too.
#include <conc/errgroup.h>
#include <conc/waitgroup.h>
#include <vector>

void upload(int);

void upload_all(const std::vector<int> &files) {
  conc::WaitGroup pending;
  conc::ErrGroup group;
  group.set_limit(4);
  for (int file : files)
    group.go([&pending, file] {
      pending.add(1);
      // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'add' on wait group 'pending' runs inside the task it counts; 'wait_for' may return before it runs; call 'add' before starting the task [conc-waitgroup-add-in-thread]
      // CHECK-NOTES: :[[@LINE-3]]:5: note: the task is started here
      // CHECK-NOTES: :[[@LINE+5]]:11: note: 'wait_for' waits on 'pending' here
      upload(file);
      pending.done();
      return true;
    });
  pending.wait_for(std::chrono::seconds(5));
  group.wait();
}
