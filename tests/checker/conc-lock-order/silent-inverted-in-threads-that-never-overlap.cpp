// RUN: %check_conc_tidy %s conc-lock-order %t
// Opposite orders taken only by threads that never run at the same time:
// the first thread is joined before the second starts (named functions,
// then lambdas), or the spawning code takes one order before it starts the
// thread that takes the other. No two of them can wait on each other.
// Silent.
#include <mutex>
#include <thread>

std::mutex accounts_mu, audit_mu;
int balance, audited;

void deposit() {
  std::lock_guard<std::mutex> accounts(accounts_mu);
  std::lock_guard<std::mutex> audit(audit_mu);
  ++balance;
}

void audit() {
  std::lock_guard<std::mutex> audit(audit_mu);
  std::lock_guard<std::mutex> accounts(accounts_mu);
  ++audited;
}

void phases() {
  std::thread first(deposit);
  first.join();
  std::thread second(audit);
  second.join();
}

std::mutex left_mu, right_mu;

void lambdas() {
  std::thread one([] {
    std::scoped_lock l(left_mu);
    std::lock_guard<std::mutex> r(right_mu);
  });
  one.join();
  std::thread two([] {
    std::lock_guard<std::mutex> r(right_mu);
    std::lock_guard<std::mutex> l(left_mu);
  });
  two.join();
}

std::mutex config_mu, cache_mu;

void warm_cache() {
  std::lock_guard<std::mutex> cache(cache_mu);
  std::lock_guard<std::mutex> config(config_mu);
}

void start() {
  {
    std::lock_guard<std::mutex> config(config_mu);
    std::lock_guard<std::mutex> cache(cache_mu);
  }
  std::jthread warmer(warm_cache);
}
