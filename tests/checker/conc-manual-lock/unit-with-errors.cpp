// RUN: %check_conc_tidy %s conc-manual-lock %t
// A function whose body holds error recovery (a call of an undeclared
// function becomes a RecoveryExpr) is not analysed, whatever wraps it (a
// lambda, a member function, a template); the other functions of the unit
// are, and their findings are reported.
#include <mutex>

std::mutex mu;

void broken() {
  mu.lock();
  refresh_cache();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: error: use of undeclared identifier 'refresh_cache' [clang-diagnostic-error]
}

struct Service {
  std::mutex state_mu;
  void broken_member() {
    state_mu.lock();
    auto step = [&] { return undeclared_step(); };
    // CHECK-MESSAGES: :[[@LINE-1]]:30: error: use of undeclared identifier 'undeclared_step' [clang-diagnostic-error]
    step();
  }
};

template <class Lock> void broken_template(Lock &l) {
  l.lock();
  missing_helper(l);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: error: use of undeclared identifier 'missing_helper' [clang-diagnostic-error]
}
void instantiate() { broken_template(mu); }

void still_analysed(bool fail) {
  mu.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mu' is locked here and still held on a way out of the function; unlock it on every path, or use a guard [conc-manual-lock]
  if (fail)
    return;
  mu.unlock();
}
