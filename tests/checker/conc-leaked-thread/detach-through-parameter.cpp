// RUN: %check_conc_tidy %s conc-leaked-thread %t
// A std::thread passed by reference is detached on the caller's behalf
// (silent, like a C thread library's detach wrapper); one the function owns
// (by value) or reaches through a parameter (an element, a member) is
// detached by this function's decision: reported.
#include <thread>
#include <vector>

void work() noexcept;

void detach_for_caller(std::thread &t) { t.detach(); }

void detach_owned(std::thread t) {
  t.detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread 't' is detached: nothing owns it
}

struct Worker {
  std::thread thread;
};

void detach_member(Worker &w) {
  w.thread.detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: thread 'thread' is detached: nothing owns it
}

void detach_elements(std::vector<std::thread> &pool) {
  for (auto &t : pool)
    t.detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: thread 't' is detached: nothing owns it
}
