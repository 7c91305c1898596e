// RUN: %check_conc_tidy %s conc-unjoined-thread %t -- -- -std=c++17
// std::jthread is C++20: before that the warning comes without a fix-it
// (the runner fails if the file changes).
#include <thread>

void work() noexcept;
void step(); // may throw

void only_joined() {
  std::thread worker(work);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread 'worker' may still be joinable
  step();
  worker.join();
}
