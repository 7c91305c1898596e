// RUN: %check_conc_tidy %s conc-manual-lock %t
// A lock class of the user's whose lock() does something (a spin on an
// atomic flag) is a lock, even with an empty unlock() or a base class that
// does the work: locking it again while held deadlocks.
#include <atomic>
#include <mutex>

class spin_lock {
public:
  void lock() {
    while (busy_.exchange(true, std::memory_order_acquire)) {
    }
  }
  void unlock() { busy_.store(false, std::memory_order_release); }

private:
  std::atomic<bool> busy_{false};
};

struct counted_lock : spin_lock {
  int uses = 0;
};

spin_lock table_lock;
counted_lock stats_lock;

void insert() {
  std::lock_guard<spin_lock> outer(table_lock);
  {
    std::lock_guard<spin_lock> inner(table_lock);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'table_lock' is locked while it is already held on this path: a non-recursive lock deadlocks on itself [conc-manual-lock]
    // CHECK-MESSAGES: :[[@LINE-4]]:3: note: 'table_lock' was locked here
  }
}

void count() {
  std::lock_guard<counted_lock> outer(stats_lock);
  stats_lock.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'stats_lock' is locked while it is already held on this path: a non-recursive lock deadlocks on itself [conc-manual-lock]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: 'stats_lock' was locked here
  ++stats_lock.uses;
  stats_lock.unlock();
}
