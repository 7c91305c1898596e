#pragma once
#include <condition_variable>
#include <functional>
#include <mutex>

// A readers-writer mutex with the rules of Go's sync.RWMutex: any number of
// readers, or one writer. A writer that is waiting blocks new readers, so a
// steady stream of readers cannot starve writers (glibc's std::shared_mutex
// prefers readers and lets them). It is not recursive: a thread that holds a
// read lock and asks for another waits behind any waiting writer, and that
// writer waits for the first read lock to go: a deadlock.
//
// Happens-before: unlock() happens before every later lock() or
// lock_shared() that succeeds; unlock_shared() happens before the lock()
// that succeeds after it. Meets SharedMutex: use std::unique_lock for
// writing and std::shared_lock for reading.
//
// You do not need to change this file.
class RWMutex {
 public:
  void lock() {
    std::unique_lock guard(state_);
    ++waiting_writers_;
    changed_.wait(guard, [this] { return !writing_ && readers_ == 0; });
    --waiting_writers_;
    writing_ = true;
  }

  bool try_lock() {
    std::lock_guard guard(state_);
    if (writing_ || readers_ > 0) return false;
    writing_ = true;
    return true;
  }

  void unlock() {
    {
      std::lock_guard guard(state_);
      writing_ = false;
    }
    changed_.notify_all();
  }

  void lock_shared() {
    if (before_read_lock) before_read_lock(*this);
    std::unique_lock guard(state_);
    changed_.wait(guard, [this] { return !writing_ && waiting_writers_ == 0; });
    ++readers_;
  }

  bool try_lock_shared() {
    std::lock_guard guard(state_);
    if (writing_ || waiting_writers_ > 0) return false;
    ++readers_;
    return true;
  }

  void unlock_shared() {
    {
      std::lock_guard guard(state_);
      --readers_;
    }
    changed_.notify_all();
  }

  // How many lock() calls are waiting right now (for tests).
  int waiting_writers() const {
    std::lock_guard guard(state_);
    return waiting_writers_;
  }

  // Test seam: when set, runs at the start of every lock_shared() of every
  // RWMutex, on the calling thread. Set it only while no thread uses a mutex.
  static inline std::function<void(RWMutex&)> before_read_lock;

 private:
  mutable std::mutex state_;
  std::condition_variable changed_;
  int readers_ = 0;
  int waiting_writers_ = 0;
  bool writing_ = false;
};
