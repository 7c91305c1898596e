// RUN: %check_conc_tidy %s conc-lock-order %t
// The branch where the guard's try_lock() succeeded holds the lock: a lock
// taken there is nested in it, and the reverse order elsewhere is a cycle.
#include <mutex>

std::mutex a, b;
int shared;

void try_a_then_b(bool fast) {
  std::unique_lock<std::mutex> la(a, std::defer_lock);
  if (fast && la.try_lock()) {
    std::lock_guard<std::mutex> lb(b);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: lock order cycle 'a' -> 'b' -> 'a'
    ++shared;
  }
}

void b_then_a() {
  std::lock_guard<std::mutex> lb(b);
  std::lock_guard<std::mutex> la(a);
  ++shared;
}
