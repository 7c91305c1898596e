#include "chain.h"
#include <mutex>

std::mutex registry_mu;

void register_entry() {
  std::lock_guard<std::mutex> lock(registry_mu);
}

void reload_registry() {
  std::lock_guard<std::mutex> lock(registry_mu);
  evict_all();
}
