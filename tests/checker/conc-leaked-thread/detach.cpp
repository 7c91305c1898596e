// RUN: %check_conc_tidy %s conc-leaked-thread %t
// A detached thread has no owner: nothing can wait for it or stop it, and
// it may still run while static objects are destroyed at exit.
#include <thread>
#include <vector>

void work() noexcept;

void fire_and_forget() {
  std::thread worker(work);
  worker.detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: thread 'worker' is detached: nothing owns it, nothing can wait for it to finish or tell it to stop; keep it and join it (or use std::jthread with a std::stop_token) [conc-leaked-thread]
}

void temporary() {
  std::thread(work).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: the thread is detached: nothing owns it
}

void jthread_too() {
  std::jthread worker(work);
  worker.detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: thread 'worker' is detached
}

void elements(std::vector<std::thread> &pool) {
  for (auto &t : pool)
    t.detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: thread 't' is detached
}
