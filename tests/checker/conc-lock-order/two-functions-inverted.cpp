// RUN: %check_conc_tidy %s conc-lock-order %t
// The textbook deadlock: one function takes accounts_mu then audit_mu, the
// other audit_mu then accounts_mu.
#include <mutex>

std::mutex accounts_mu;
std::mutex audit_mu;
int balance, audited;

void deposit(int n) {
  std::lock_guard<std::mutex> accounts(accounts_mu);
  std::lock_guard<std::mutex> audit(audit_mu);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: lock order cycle 'accounts_mu' -> 'audit_mu' -> 'accounts_mu': threads that take these locks in these orders can deadlock; take them together with std::scoped_lock (or std::lock), or always in one order [conc-lock-order]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'accounts_mu' is acquired here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'audit_mu' is acquired here while 'accounts_mu' is held
  // CHECK-NOTES: :[[@LINE+6]]:3: note: 'audit_mu' is acquired here
  // CHECK-NOTES: :[[@LINE+6]]:3: note: 'accounts_mu' is acquired here while 'audit_mu' is held
  balance += n;
}

void audit() {
  std::lock_guard<std::mutex> audit(audit_mu);
  std::lock_guard<std::mutex> accounts(accounts_mu);
  audited = balance;
}
