// RUN: %check_conc_tidy %s conc-lock-order %t
// One global order, kept everywhere: directly, through a call, and with
// the inner lock released before the outer one is taken again.
#include <mutex>

std::mutex config_mu, cache_mu, log_mu;
int config, cache, lines;

void log_line() {
  std::lock_guard<std::mutex> lock(log_mu);
  ++lines;
}

void reload() {
  std::lock_guard<std::mutex> c(config_mu);
  std::lock_guard<std::mutex> k(cache_mu);
  cache = config;
  log_line();
}

void evict() {
  std::lock_guard<std::mutex> c(config_mu);
  {
    std::lock_guard<std::mutex> k(cache_mu);
    cache = 0;
  }
  log_line();
}

void read_cache() {
  std::lock_guard<std::mutex> k(cache_mu);
  log_line();
}

void sequential() {
  // Not nested: log_mu is released before config_mu is taken.
  log_line();
  std::lock_guard<std::mutex> c(config_mu);
  ++config;
}
