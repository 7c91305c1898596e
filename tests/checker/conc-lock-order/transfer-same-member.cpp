// RUN: %check_conc_tidy %s conc-lock-order %t
// transfer(a, b) and transfer(b, a) running together: each holds one
// account's lock and waits for the other's. The same in a copy assignment
// (x = y and y = x).
#include <mutex>

struct Account {
  std::mutex mu;
  long balance = 0;
};

void transfer(Account &from, Account &to, long amount) {
  std::lock_guard<std::mutex> lock_from(from.mu);
  std::lock_guard<std::mutex> lock_to(to.mu);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'to.mu' is locked while 'from.mu' is held, a lock of the same kind in another object: a call with the two swapped locks them in the other order, and the two calls deadlock; lock both at once with std::scoped_lock [conc-lock-order]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'from.mu' is locked here
  from.balance -= amount;
  to.balance += amount;
}

class Settings {
public:
  Settings &operator=(const Settings &other) {
    std::lock_guard<std::mutex> mine(mu_);
    std::lock_guard<std::mutex> theirs(other.mu_);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'other.mu_' is locked while 'mu_' is held, a lock of the same kind in another object
    // CHECK-NOTES: :[[@LINE-3]]:5: note: 'mu_' is locked here
    value_ = other.value_;
    return *this;
  }

private:
  mutable std::mutex mu_;
  int value_ = 0;
};

void swap_locks(std::mutex &first, std::mutex &second) {
  first.lock();
  second.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'second' is locked while 'first' is held
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'first' is locked here
  second.unlock();
  first.unlock();
}
