#pragma once
#include <map>
#include <mutex>
#include <string>

// Counts page hits per route ("/cart", "/checkout"...), from every request
// thread at once.
class HitCounter {
 public:
  HitCounter() = default;
  HitCounter(const HitCounter&) = delete;
  HitCounter& operator=(const HitCounter&) = delete;

  // Counts one hit of `route`.
  void add(const std::string& route);
  // The hits of `route` so far (0 for a route never hit): every add() that
  // returned before this call is counted.
  long count(const std::string& route) const;

 private:
  // Protecting state, not transferring it: a mutex, and no thread to own.
  mutable std::mutex mutex_;
  std::map<std::string, long> counts_;  // guarded by mutex_
};
