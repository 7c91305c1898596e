// RUN: %check_conc_tidy %s conc-lock-order %t
// Deferred guards locked one at a time are ordered like any other locks:
// the two functions take them in opposite orders.
#include <mutex>

std::mutex left, right;
int moved;

void left_to_right() {
  std::unique_lock<std::mutex> a(left, std::defer_lock);
  std::unique_lock<std::mutex> b(right, std::defer_lock);
  a.lock();
  b.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lock order cycle 'left' -> 'right' -> 'left': threads that take these locks in these orders can deadlock; take them together with std::scoped_lock (or std::lock), or always in one order [conc-lock-order]
  ++moved;
}

void right_to_left() {
  std::unique_lock<std::mutex> b(right, std::defer_lock);
  std::unique_lock<std::mutex> a(left, std::defer_lock);
  b.lock();
  a.lock();
  --moved;
}
