#pragma once
#include <memory>
#include <mutex>
#include <string>
#include <vector>

// A pool of reusable string buffers, like Go's sync.Pool: get() hands out a
// free buffer (or a new one), put() takes it back for the next get(). A
// buffer must not be touched after put(): from then on it belongs to the
// pool, and the next get(), on any thread, may hand it to someone else.
// put() clears the buffer (keeping its capacity, which is the point).
//
// Happens-before: a put() happens before the get() that returns the same
// buffer.
//
// You do not need to change this file.
class BufferPool {
 public:
  std::unique_ptr<std::string> get() {
    std::lock_guard lock(mutex_);
    if (free_.empty()) {
      ++created_;
      return std::make_unique<std::string>();
    }
    std::unique_ptr<std::string> buffer = std::move(free_.back());
    free_.pop_back();
    return buffer;
  }

  void put(std::unique_ptr<std::string> buffer) {
    buffer->clear();
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(buffer));
  }

  // How many buffers get() has had to create so far.
  int created() const {
    std::lock_guard lock(mutex_);
    return created_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<std::string>> free_;
  int created_ = 0;
};
