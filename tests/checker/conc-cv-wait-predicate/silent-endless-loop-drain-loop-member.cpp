// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// A member function's endless loop waits first and then drains the queue in
// a loop on the queue's state: after a spurious wake-up the drain loop finds
// the queue empty and the thread waits again. Silent.
#include <condition_variable>
#include <deque>
#include <mutex>

class Worker {
 public:
  void run() {
    std::unique_lock<std::mutex> lk(mu_);
    for (;;) {
      ready_.wait(lk);
      while (!jobs_.empty()) {
        int job = jobs_.front();
        jobs_.pop_front();
        lk.unlock();
        handle(job);
        lk.lock();
      }
    }
  }

 private:
  void handle(int);
  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<int> jobs_;
};
