// RUN: %check_conc_tidy %s conc-copied-mutex %t
// A lock class written by hand with lock() and unlock() and a copy
// constructor that is not deleted: every copy is a second, unrelated lock.
#include <atomic>

class SpinLock {
public:
  void lock() {
    while (flag_.exchange(true, std::memory_order_acquire)) {
    }
  }
  void unlock() { flag_.store(false, std::memory_order_release); }
  SpinLock() = default;
  SpinLock(const SpinLock &) {} // "copyable", but copies no state
  SpinLock &operator=(const SpinLock &) { return *this; }

private:
  std::atomic<bool> flag_{false};
};

struct Table {
  SpinLock lock;
  int rows = 0;
};

void critical(SpinLock held);
// CHECK-NOTES: :[[@LINE-1]]:24: warning: parameter 'held' passed by value copies 'SpinLock', a lock class: a copied lock is a new lock that does not exclude the original's users; use a pointer or a reference
// CHECK-NOTES: :[[@LINE-22]]:7: note: 'SpinLock' has lock() and unlock() but can be copied; delete its copy constructor and copy assignment

void use(SpinLock &shared, Table &table) {
  SpinLock mine = shared;
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: initialization of 'mine' copies 'SpinLock', a lock class
  // CHECK-NOTES: :[[@LINE-27]]:7: note: 'SpinLock' has lock() and unlock()
  mine = shared;
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: assignment copies 'SpinLock', a lock class
  // CHECK-NOTES: :[[@LINE-30]]:7: note: 'SpinLock' has lock() and unlock()
  Table copy = table;
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: initialization of 'copy' copies 'Table', which holds the lock 'lock' ('SpinLock')
  // CHECK-NOTES: :[[@LINE-17]]:12: note: the lock 'lock' is declared here
  (void)copy;
}
