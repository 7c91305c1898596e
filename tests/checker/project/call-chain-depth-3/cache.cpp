#include "chain.h"
#include <mutex>

std::mutex cache_mu;

void refresh_cache() {
  std::scoped_lock lock(cache_mu);
  load_entries();
}

void evict_all() {
  std::scoped_lock lock(cache_mu);
}
