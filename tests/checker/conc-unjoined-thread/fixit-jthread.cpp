// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// In C++20 a local std::thread that is only ever joined can become a
// std::jthread, which joins in its destructor on every path.
#include <thread>

void work() noexcept;
void step(); // may throw

void only_joined() {
  std::thread worker(work);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread 'worker' may still be joinable
  // CHECK-FIXES: {{^}}  std::jthread worker(work);{{$}}
  step();
  if (worker.joinable())
    worker.join();
}

void detached_elsewhere(bool c) {
  std::thread worker(work);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread 'worker' may still be joinable
  // CHECK-FIXES: {{^}}  std::thread worker(work);{{$}}
  if (c)
    return;
  worker.detach(); // jthread would not change that: no fix
}

void passed_on(bool c, void (*take)(std::thread &)) {
  std::thread worker(work);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread 'worker' may still be joinable
  // CHECK-FIXES: {{^}}  std::thread worker(work);{{$}}
  if (c)
    return;
  take(worker);
}
