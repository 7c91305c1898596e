// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// A drain loop under an `if` does not run on every round: when `verbose` is
// false the worker goes from a spurious wake-up straight to the queue's
// front. Reported.
#include <condition_variable>
#include <deque>
#include <mutex>

class Printer {
 public:
  void run(bool verbose) {
    std::unique_lock<std::mutex> lk(mu_);
    for (;;) {
      if (verbose) {
        while (!lines_.empty()) {
          echo(lines_.front());
          lines_.pop_front();
        }
      }
      more_.wait(lk);
      // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'wait' on 'more_' without a predicate
      // CHECK-NOTES: :[[@LINE-9]]:5: note: this loop has no exit that depends on the awaited condition
      print(lines_.front());
      lines_.pop_front();
    }
  }

 private:
  void echo(int);
  void print(int);
  std::mutex mu_;
  std::condition_variable more_;
  std::deque<int> lines_;
};
