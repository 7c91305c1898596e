// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// A bare wait: the code after it runs on any wake-up, spurious or not.
#include <condition_variable>
#include <deque>
#include <mutex>

class Queue {
public:
  int pop() {
    std::unique_lock<std::mutex> lock(mu_);
    ready_.wait(lock);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'wait' on 'ready_' without a predicate goes on after a spurious wake-up as if the condition held; pass a predicate or wait in a loop that re-checks the condition [conc-cv-wait-predicate]
    int item = items_.front();
    items_.pop_front();
    return item;
  }

private:
  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<int> items_;
};
