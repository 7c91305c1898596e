// RUN: %check_conc_tidy %s conc-lock-order %t
// No two functions disagree, yet a -> b, b -> c and c -> a close a cycle:
// three threads, one in each function, deadlock.
#include <mutex>

std::mutex a, b, c;
int shared;

void ab() {
  std::lock_guard<std::mutex> la(a);
  std::lock_guard<std::mutex> lb(b);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lock order cycle 'a' -> 'b' -> 'c' -> 'a': threads that take these locks
  ++shared;
}

void bc() {
  std::lock_guard<std::mutex> lb(b);
  std::lock_guard<std::mutex> lc(c);
  ++shared;
}

void ca() {
  std::lock_guard<std::mutex> lc(c);
  std::lock_guard<std::mutex> la(a);
  ++shared;
}
