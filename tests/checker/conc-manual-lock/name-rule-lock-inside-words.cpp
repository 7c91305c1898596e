// RUN: %check_conc_tidy %s conc-manual-lock %t
// A member, a template and a helper one call deeper, all named with "lock"
// inside another word: no acquirers, so a path that returns holding the
// lock is reported.
#include <deque>
#include <mutex>

template <typename T> class Queue {
public:
  bool BlockingPop(T &out) {
    mu_.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'mu_' is locked here and still held on a way out of the function
    if (items_.empty())
      return false;
    out = items_.front();
    items_.pop_front();
    mu_.unlock();
    return true;
  }

private:
  std::mutex mu_;
  std::deque<T> items_;
};

template class Queue<int>;

std::mutex stats_mu;
long deadlock_reports;

static void take_stats() { stats_mu.lock(); }
static void drop_stats() { stats_mu.unlock(); }

void count_deadlock_report(bool duplicate) {
  take_stats();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'stats_mu' is locked by 'take_stats', called here, and still held on a way out of the function; unlock it on every path, or use a guard [conc-manual-lock]
  if (duplicate)
    return;
  ++deadlock_reports;
  drop_stats();
}
