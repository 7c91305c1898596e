// RUN: %check_conc_tidy %s conc-lock-order %t
// A gate that one of the two orders does not take, and a read lock as the
// gate (two readers hold it at once): the orders still deadlock.
#include <mutex>
#include <shared_mutex>

std::mutex gate, accounts_mu, audit_mu;
int balance, audited;

void deposit(int n) {
  std::lock_guard<std::mutex> g(gate);
  std::lock_guard<std::mutex> accounts(accounts_mu);
  std::lock_guard<std::mutex> audit(audit_mu);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lock order cycle 'accounts_mu' -> 'audit_mu' -> 'accounts_mu'
  balance += n;
}

void audit() {
  std::lock_guard<std::mutex> audit(audit_mu);
  std::lock_guard<std::mutex> accounts(accounts_mu);
  audited = balance;
}

std::shared_mutex config;
std::mutex left, right;

void read_left_right() {
  std::shared_lock<std::shared_mutex> reading(config);
  std::lock_guard<std::mutex> l(left);
  std::lock_guard<std::mutex> r(right);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lock order cycle 'left' -> 'right' -> 'left'
}

void read_right_left() {
  std::shared_lock<std::shared_mutex> reading(config);
  std::lock_guard<std::mutex> r(right);
  std::lock_guard<std::mutex> l(left);
}
