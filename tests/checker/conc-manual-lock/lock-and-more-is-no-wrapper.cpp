// RUN: %check_conc_tidy %s conc-manual-lock %t
// A function that unlocks a lock on some path is no lock wrapper, whatever
// else it does: the path that returns holding it leaks it. A lock of the
// function's own is never handed to a caller.
#include <mutex>

std::mutex mu;
int counter;

void count_below(int limit) {
  mu.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mu' is locked here and still held on a way out of the function; unlock it on every path, or use a guard [conc-manual-lock]
  if (counter >= limit)
    return;
  ++counter;
  mu.unlock();
}

void begin_local() {
  std::mutex local;
  local.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'local' is locked here and still held on a way out of the function
  ++counter;
}
