// RUN: %check_conc_tidy %s conc-lock-order %t
// Opposite orders in threads that can run at the same time: both started
// before either is joined; a thread body that is also called directly
// (outside its thread); the spawning code taking the other order while its
// thread runs. Each can deadlock.
#include <mutex>
#include <thread>

std::mutex accounts_mu, audit_mu;

void deposit() {
  std::lock_guard<std::mutex> accounts(accounts_mu);
  std::lock_guard<std::mutex> audit(audit_mu);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lock order cycle 'accounts_mu' -> 'audit_mu' -> 'accounts_mu': threads that take these locks in these orders can deadlock; take them together with std::scoped_lock (or std::lock), or always in one order [conc-lock-order]
}

void audit() {
  std::lock_guard<std::mutex> audit(audit_mu);
  std::lock_guard<std::mutex> accounts(accounts_mu);
}

void together() {
  std::thread first(deposit);
  std::thread second(audit);
  first.join();
  second.join();
}

std::mutex left_mu, right_mu;

void left_then_right() {
  std::lock_guard<std::mutex> l(left_mu);
  std::lock_guard<std::mutex> r(right_mu);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lock order cycle 'left_mu' -> 'right_mu' -> 'left_mu': threads that take these locks in these orders can deadlock; take them together with std::scoped_lock (or std::lock), or always in one order [conc-lock-order]
}

void right_then_left() {
  std::lock_guard<std::mutex> r(right_mu);
  std::lock_guard<std::mutex> l(left_mu);
}

void sequential_but_called_elsewhere() {
  std::thread one(left_then_right);
  one.join();
  std::thread two(right_then_left);
  two.join();
}

void also_called(std::thread &other) {
  left_then_right(); // runs here, while `other` may run right_then_left
}

std::mutex config_mu, cache_mu;

void warm_cache() {
  std::lock_guard<std::mutex> cache(cache_mu);
  std::lock_guard<std::mutex> config(config_mu);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lock order cycle 'cache_mu' -> 'config_mu' -> 'cache_mu': threads that take these locks in these orders can deadlock; take them together with std::scoped_lock (or std::lock), or always in one order [conc-lock-order]
}

void start() {
  std::thread warmer(warm_cache);
  {
    std::lock_guard<std::mutex> config(config_mu);
    std::lock_guard<std::mutex> cache(cache_mu);
  }
  warmer.join();
}
