// RUN: %check_conc_tidy %s conc-manual-lock %t
// Bare pairs whose critical section is not the rest of one block: still a
// guard's job (std::unique_lock can unlock early), but no automatic rewrite.
#include <mutex>
#include <shared_mutex>
#include <vector>

std::shared_mutex table_mu;
std::vector<int> table;
std::mutex log_mu;
int lines;

int lookup(unsigned i) {
  table_mu.lock_shared();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'table_mu' is locked and unlocked by hand; use a guard
  int value = i < table.size() ? table[i] : -1;
  table_mu.unlock_shared();
  return value;
}

void log_line(bool verbose) {
  log_mu.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'log_mu' is locked and unlocked by hand; use a guard
  ++lines;
  if (verbose) {
    log_mu.unlock();
    return;
  }
  log_mu.unlock();
}
