// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// Moves are followed: the duty moves with the thread.
#include <thread>
#include <utility>

void work() noexcept;
bool abort_early() noexcept;

void moved_then_leaked() {
  std::thread first(work);
  std::thread second = std::move(first); // first is empty now
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread 'second' may still be joinable
  if (abort_early())
    return;
  second.join();
}

void swapped(bool c) {
  std::thread running(work);
  std::thread idle;
  running.swap(idle); // idle runs the thread now
  // CHECK-MESSAGES: :[[@LINE-2]]:15: warning: thread 'idle' may still be joinable
  running.join();
  if (c)
    idle.join();
}
