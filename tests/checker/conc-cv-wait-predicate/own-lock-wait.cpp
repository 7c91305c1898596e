// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// A function that takes the lock itself and waits without testing anything
// cannot have been called with the condition tested under that lock: a
// notification sent before it locks is lost, and it wakes spuriously. A name
// that says "wait" does not make it a wrapper.
#include <condition_variable>
#include <mutex>

std::mutex mu;
std::condition_variable work_ready;

void WaitForWork() {
  std::unique_lock<std::mutex> lk(mu);
  work_ready.wait(lk);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'wait' on 'work_ready' without a predicate
}

class Worker {
public:
  void wait_until_kicked() {
    std::unique_lock<std::mutex> lk(mu_, std::defer_lock);
    lk.lock();
    kicked_.wait(lk);
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'wait' on 'kicked_' without a predicate
  }

private:
  std::mutex mu_;
  std::condition_variable kicked_;
};

template <class T> void await_one(T &cv) {
  std::unique_lock<std::mutex> lk(mu);
  cv.wait(lk);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'wait' on 'cv' without a predicate
}
void use_await(std::condition_variable &cv) { await_one(cv); }
