// RUN: %check_conc_tidy %s conc-manual-lock %t
// Holding a guard on a mutex and calling a function of this file that
// locks the same mutex again: a method of the same object, a lambda called
// in place, and a helper one call deeper.
#include <mutex>

class Counter {
public:
  void add(int n) {
    std::lock_guard<std::mutex> guard(mu_);
    for (int i = 0; i < n; ++i)
      bump();
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'mu_' is locked again in 'bump', called here while it is held: a non-recursive lock deadlocks on itself [conc-manual-lock]
    // CHECK-NOTES: :[[@LINE-4]]:5: note: 'mu_' was locked here
    // CHECK-NOTES: :[[@LINE+11]]:5: note: 'bump' locks it here
  }
  void reset() {
    std::unique_lock<std::mutex> guard(mu_);
    auto clear = [this] { std::lock_guard<std::mutex> inner(mu_); value_ = 0; };
    clear();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'mu_' is locked again in the lambda, called here while it is held: a non-recursive lock deadlocks on itself [conc-manual-lock]
    // CHECK-NOTES: :[[@LINE-4]]:5: note: 'mu_' was locked here
    // CHECK-NOTES: :[[@LINE-4]]:27: note: the lambda locks it here
  }
  void bump() {
    std::lock_guard<std::mutex> guard(mu_);
    ++value_;
  }

private:
  std::mutex mu_;
  int value_ = 0;
};

std::mutex registry_mu;
int entries;

static void record() {
  std::lock_guard<std::mutex> guard(registry_mu);
  ++entries;
}
static void record_twice() {
  record();
  record();
}

void register_all() {
  std::lock_guard<std::mutex> guard(registry_mu);
  record_twice();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'registry_mu' is locked again in 'record', called here while it is held: a non-recursive lock deadlocks on itself [conc-manual-lock]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'registry_mu' was locked here
  // CHECK-NOTES: :[[@LINE-13]]:3: note: 'record' locks it here
}
