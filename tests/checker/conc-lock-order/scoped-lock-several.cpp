// RUN: %check_conc_tidy %s conc-lock-order %t
// Locks taken together by std::scoped_lock or std::lock have no order:
// both calls avoid deadlock whatever order their arguments come in.
#include <mutex>

std::mutex left, right;
int moved;

void left_to_right() {
  std::scoped_lock both(left, right);
  ++moved;
}

void right_to_left() {
  std::scoped_lock both(right, left);
  --moved;
}

void with_std_lock() {
  std::lock(right, left);
  std::lock_guard<std::mutex> r(right, std::adopt_lock);
  std::lock_guard<std::mutex> l(left, std::adopt_lock);
  moved = 0;
}

struct Account {
  std::mutex mu;
  long balance = 0;
};

void transfer(Account &from, Account &to, long amount) {
  std::scoped_lock lock(from.mu, to.mu);
  from.balance -= amount;
  to.balance += amount;
}
