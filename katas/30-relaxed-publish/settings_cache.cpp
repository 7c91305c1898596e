#include "settings_cache.h"

SettingsCache::~SettingsCache() { delete current_.load(); }

const Settings& SettingsCache::get() {
  // Relaxed is enough for a flag that only ever goes from null to set.
  if (const Settings* loaded = current_.load(std::memory_order_relaxed)) return *loaded;
  const Settings* fresh = load_().release();
  current_.store(fresh, std::memory_order_relaxed);
  return *fresh;
}

const Settings* SettingsCache::peek() const { return current_.load(std::memory_order_relaxed); }
