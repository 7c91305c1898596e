#pragma once
#include <mutex>

// Request statistics, updated by every request thread. Copying a Stats gives
// a consistent snapshot: errors <= requests, and both from the same moment.
class Stats {
 public:
  Stats() = default;
  // A copy reads `other` under other's lock (one consistent moment); the
  // new object has its own, unlocked mutex.
  Stats(const Stats& other) {
    std::lock_guard lock(other.mutex_);
    requests_ = other.requests_;
    errors_ = other.errors_;
  }
  Stats& operator=(const Stats&) = delete;

  void record(bool failed) {
    std::lock_guard lock(mutex_);
    ++requests_;
    if (failed) ++errors_;
  }
  long requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  long errors() const {
    std::lock_guard lock(mutex_);
    return errors_;
  }

 private:
  mutable std::mutex mutex_;
  long requests_ = 0;
  long errors_ = 0;
};
