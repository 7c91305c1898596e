// Test support: install a handler on libconc's test hooks
// (conc/internal/test_hooks.h) and wait, with a bound, until threads reach
// the points a test needs. The bounds only turn a hang into a failure with a
// message: no test depends on them for its outcome.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "conc/internal/test_hooks.h"

namespace conc_test {

using Point = conc::internal::test_hooks::Point;
using namespace std::chrono_literals;

// How long a test waits for something that must happen before it calls the
// code broken.
inline constexpr std::chrono::seconds kHangLimit{20};

// A one-shot event with a bounded wait.
class Event {
 public:
  // Notifies under the lock: a waiter may destroy the Event as soon as it
  // returns, which it cannot do before the lock is released.
  void set() {
    std::lock_guard<std::mutex> lock(mutex_);
    set_ = true;
    cv_.notify_all();
  }
  bool wait(std::chrono::milliseconds limit = kHangLimit) {
    std::unique_lock<std::mutex> lock(mutex_);
    return cv_.wait_for(lock, limit, [this] { return set_; });
  }
  bool is_set() {
    std::lock_guard<std::mutex> lock(mutex_);
    return set_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool set_ = false;
};

// Installs itself as the process's hook for its lifetime. Counts the
// threads that went to sleep, per object and per site, and passes every
// point to `on_point` (called on the thread that reached it).
class Hooks {
 public:
  using Handler = std::function<void(Point point, const void* object, const char* what)>;

  explicit Hooks(Handler on_point = {}) : on_point_(std::move(on_point)) {
    current() = this;
    conc::internal::test_hooks::hook.store(&Dispatch, std::memory_order_release);
  }
  ~Hooks() {
    conc::internal::test_hooks::hook.store(nullptr, std::memory_order_release);
    current() = nullptr;
  }
  Hooks(const Hooks&) = delete;
  Hooks& operator=(const Hooks&) = delete;

  // Until `times` sleeps on `object` have started (in total, since install).
  bool await_blocked(const void* object, int times = 1,
                     std::chrono::milliseconds limit = kHangLimit) {
    std::unique_lock<std::mutex> lock(mutex_);
    return cv_.wait_for(lock, limit, [&] { return by_object_[object] >= times; });
  }
  // Until `times` sleeps at a site named `what` have started.
  bool await_site(const std::string& what, int times = 1,
                  std::chrono::milliseconds limit = kHangLimit) {
    std::unique_lock<std::mutex> lock(mutex_);
    return cv_.wait_for(lock, limit, [&] { return by_site_[what] >= times; });
  }
  // Until `times` sleeps on `object` have started or `or_else()` holds.
  bool await_blocked_or(const void* object, int times, const std::function<bool()>& or_else,
                        std::chrono::milliseconds limit = kHangLimit) {
    std::unique_lock<std::mutex> lock(mutex_);
    return cv_.wait_for(lock, limit, [&] { return by_object_[object] >= times || or_else(); });
  }
  // Until `done()` holds; call notify() after changing what it reads.
  bool await(const std::function<bool()>& done, std::chrono::milliseconds limit = kHangLimit) {
    std::unique_lock<std::mutex> lock(mutex_);
    return cv_.wait_for(lock, limit, done);
  }
  void notify() {
    std::lock_guard<std::mutex> lock(mutex_);
    cv_.notify_all();
  }
  int blocked(const void* object) {
    std::lock_guard<std::mutex> lock(mutex_);
    return by_object_[object];
  }

 private:
  static Hooks*& current() {
    static Hooks* hooks = nullptr;
    return hooks;
  }
  static void Dispatch(Point point, const void* object, const char* what) {
    Hooks* self = current();
    if (self == nullptr) return;
    if (point == Point::kBlocking) {
      {
        std::lock_guard<std::mutex> lock(self->mutex_);
        ++self->by_object_[object];
        if (what != nullptr) ++self->by_site_[what];
      }
      self->cv_.notify_all();
    }
    if (self->on_point_) self->on_point_(point, object, what);
  }

  Handler on_point_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::map<const void*, int> by_object_;
  std::map<std::string, int> by_site_;
};

}  // namespace conc_test
