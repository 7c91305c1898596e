// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// A function that waits under its caller's lock but then uses what it
// waited for is no wrapper: after a spurious wake-up it reads an empty queue.
#include <condition_variable>
#include <mutex>
#include <queue>

class Queue {
public:
  int PopLocked(std::unique_lock<std::mutex> &held) {
    nonempty_.wait(held);
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'wait' on 'nonempty_' without a predicate
    int value = items_.front();
    items_.pop();
    return value;
  }

  int FrontLocked(std::unique_lock<std::mutex> &held) {
    nonempty_.wait(held);
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'wait' on 'nonempty_' without a predicate
    return items_.front();
  }

private:
  std::condition_variable nonempty_;
  std::queue<int> items_;
};
