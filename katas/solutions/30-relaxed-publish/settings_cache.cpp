#include "settings_cache.h"

SettingsCache::~SettingsCache() { delete current_.load(std::memory_order_acquire); }

const Settings& SettingsCache::get() {
  // Acquire: pairs with the release below, so that the fields written by
  // the loader are visible to whoever sees the pointer.
  if (const Settings* loaded = current_.load(std::memory_order_acquire)) return *loaded;
  std::unique_ptr<Settings> fresh = load_();
  // One step: publish ours only if the slot is still empty. On failure,
  // `expected` is the winner's settings (read with acquire), and ours go.
  const Settings* expected = nullptr;
  if (current_.compare_exchange_strong(expected, fresh.get(), std::memory_order_acq_rel,
                                       std::memory_order_acquire)) {
    return *fresh.release();  // the cache owns it now
  }
  return *expected;
}

const Settings* SettingsCache::peek() const { return current_.load(std::memory_order_acquire); }
