// RUN: %check_conc_tidy %s conc-lock-order %t
// Deferred guards locked together by std::lock, in opposite orders in two
// functions, in a transfer between two objects of one type, in a template
// and in a lambda: std::lock takes them all with a deadlock-avoidance
// algorithm, whatever wraps them. Silent.
#include <mutex>

std::mutex left, right;
int moved;

void left_to_right() {
  std::unique_lock<std::mutex> a(left, std::defer_lock);
  std::unique_lock<std::mutex> b(right, std::defer_lock);
  std::lock(a, b);
  ++moved;
}

void right_to_left() {
  std::unique_lock<std::mutex> b(right, std::defer_lock);
  std::unique_lock<std::mutex> a(left, std::defer_lock);
  std::lock(b, a);
  --moved;
}

struct Account {
  std::mutex mu;
  long balance = 0;
};

void transfer(Account &from, Account &to, long amount) {
  std::unique_lock<std::mutex> lock_from(from.mu, std::defer_lock);
  std::unique_lock<std::mutex> lock_to(to.mu, std::defer_lock);
  std::lock(lock_from, lock_to);
  from.balance -= amount;
  to.balance += amount;
}

template <typename M> void swap_values(M &a, M &b, int &x, int &y) {
  std::unique_lock<M> la(a, std::defer_lock), lb(b, std::defer_lock);
  std::lock(la, lb);
  int t = x;
  x = y;
  y = t;
}

void use_template(int &x, int &y) {
  swap_values(left, right, x, y);
  swap_values(right, left, y, x);
}

auto both_ways = [](std::mutex &first, std::mutex &second) {
  std::unique_lock<std::mutex> one(first, std::defer_lock);
  std::unique_lock<std::mutex> two(second, std::defer_lock);
  std::lock(two, one);
  ++moved;
};
