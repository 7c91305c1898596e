#pragma once
#include <atomic>
#include <map>
#include <string>

// A cache that takes a while to fill.
struct Cache {
  std::atomic<int> warmed{0};
  void warm() { warmed.store(1); }
};

// Parses "key=value" lines. Returns false on a line without '='; throws
// std::invalid_argument on an empty key.
bool parse_config(const std::string& text, std::map<std::string, std::string>& out);

// Parses `text` into `out` while `cache` warms up on a second thread.
// Returns what parse_config returns (or lets its exception through) and,
// whatever happens, leaves no thread running.
bool load_and_warm(const std::string& text, Cache& cache,
                   std::map<std::string, std::string>& out);
