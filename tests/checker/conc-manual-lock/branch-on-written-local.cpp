// RUN: %check_conc_tidy %s conc-manual-lock %t
// A flag that starts false but may be written before the branch (through
// its address, a reference, an assignment, a by-reference capture) may be
// true: locking again under it is a double lock on that path.
#include <mutex>

void parse(bool *out);
void configure(int &level);

std::mutex mu;
int value;

void through_address() {
  bool verify = false;
  parse(&verify);
  std::lock_guard<std::mutex> l(mu);
  if (verify) {
    std::lock_guard<std::mutex> again(mu);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'mu' is locked while it is already held on this path: a non-recursive lock deadlocks on itself [conc-manual-lock]
    // CHECK-MESSAGES: :[[@LINE-4]]:3: note: 'mu' was locked here
    value = 1;
  }
}

void through_reference() {
  int level = 0;
  configure(level);
  std::lock_guard<std::mutex> l(mu);
  if (level > 1)
    mu.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'mu' is locked while it is already held on this path: a non-recursive lock deadlocks on itself [conc-manual-lock]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: 'mu' was locked here
  value = level;
}

void assigned(int argc) {
  bool verbose = false;
  if (argc > 1)
    verbose = true;
  std::lock_guard<std::mutex> l(mu);
  if (verbose)
    mu.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'mu' is locked while it is already held on this path: a non-recursive lock deadlocks on itself [conc-manual-lock]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: 'mu' was locked here
  value = 2;
}

void captured(void (*run)(void *), int argc) {
  bool again = false;
  auto set = [&again, argc] { again = argc > 2; };
  set();
  std::lock_guard<std::mutex> l(mu);
  if (again)
    mu.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'mu' is locked while it is already held on this path: a non-recursive lock deadlocks on itself [conc-manual-lock]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: 'mu' was locked here
  value = 3;
}
