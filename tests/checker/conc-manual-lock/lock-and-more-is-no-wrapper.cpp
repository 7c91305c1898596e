// RUN: %check_conc_tidy %s conc-manual-lock %t
// Only a body that does nothing but lock makes a lock wrapper: a function
// that locks and then works, or locks a lock of its own, still leaks it.
#include <mutex>

std::mutex mu;
int counter;

void start_and_count() {
  mu.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mu' is locked here and still held on a way out of the function; unlock it on every path, or use a guard [conc-manual-lock]
  ++counter;
}

void begin_local() {
  std::mutex local;
  local.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'local' is locked here and still held on a way out of the function
}
