// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// C++: a member function that checks the wait's status and then pops, a
// lambda that does the same, and a function that picks its kind of wait by
// a parameter but locks the mutex itself (so nobody tested the condition
// under it). All reported.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <queue>

class Queue {
public:
  bool PopWithin(std::unique_lock<std::mutex> &held, int &out) {
    if (nonempty_.wait_for(held, std::chrono::seconds(1)) ==
        std::cv_status::timeout)
      // CHECK-NOTES: :[[@LINE-2]]:19: warning: 'wait_for' on 'nonempty_' without a predicate
      return false;
    out = items_.front();
    items_.pop();
    return true;
  }

  void Drain(std::unique_lock<std::mutex> &held) {
    auto pop_one = [this](std::unique_lock<std::mutex> &lk) {
      auto status = nonempty_.wait_for(lk, std::chrono::milliseconds(5));
      // CHECK-NOTES: :[[@LINE-1]]:31: warning: 'wait_for' on 'nonempty_' without a predicate
      if (status == std::cv_status::no_timeout)
        items_.pop();
    };
    pop_one(held);
  }

private:
  std::condition_variable nonempty_;
  std::queue<int> items_;
};

std::mutex mu;
std::condition_variable cv;

void wait_own_lock(bool timed) {
  std::unique_lock<std::mutex> lk(mu);
  if (timed)
    cv.wait_for(lk, std::chrono::seconds(1));
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'wait_for' on 'cv' without a predicate
  else
    cv.wait(lk);
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'wait' on 'cv' without a predicate
}
