// RUN: %check_conc_tidy %s conc-lock-order %t
// unique_lock::lock() after unlock() is an acquisition too: here it takes
// cache_mu back while store_mu is held, against the order elsewhere.
#include <mutex>

std::mutex cache_mu, store_mu;
int cache, store;

void refill() {
  std::unique_lock<std::mutex> cache_lock(cache_mu);
  cache_lock.unlock();
  std::lock_guard<std::mutex> store_lock(store_mu);
  cache_lock.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lock order cycle 'store_mu' -> 'cache_mu' -> 'store_mu'
  cache = store;
}

void write_back() {
  std::lock_guard<std::mutex> cache_lock(cache_mu);
  std::lock_guard<std::mutex> store_lock(store_mu);
  store = cache;
}
