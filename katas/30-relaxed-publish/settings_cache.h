#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <string>

struct Settings {
  std::string region;
  int max_connections = 0;
};

// The service's settings, loaded on first use and then shared. get() is on
// every request's path and must never block: no mutex, no call_once. If two
// threads find the settings missing at the same moment, both load them, one
// result is kept and the other thrown away: every caller, first or not,
// gets the same Settings object.
class SettingsCache {
 public:
  using Loader = std::function<std::unique_ptr<Settings>()>;
  explicit SettingsCache(Loader load) : load_(std::move(load)) {}
  ~SettingsCache();
  SettingsCache(const SettingsCache&) = delete;
  SettingsCache& operator=(const SettingsCache&) = delete;

  // The settings, loading them if nobody has yet. Always the same object.
  const Settings& get();

  // The settings if they are loaded, else nullptr; never loads.
  const Settings* peek() const;

 private:
  Loader load_;
  std::atomic<const Settings*> current_{nullptr};  // owned; set once
};
