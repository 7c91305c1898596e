// RUN: %check_conc_tidy %s conc-manual-lock %t
// Calls made while holding a lock that do not lock it again: a method of
// another object, a method that requires the lock and unlocks around slow
// work, a recursive mutex re-entered, and a try-lock in the callee.
#include <mutex>

class Node {
public:
  void link(Node &other) {
    std::lock_guard<std::mutex> guard(mu_);
    other.touch();
  }
  void touch() {
    std::lock_guard<std::mutex> guard(mu_);
    ++touched_;
  }
  void flush() {
    std::unique_lock<std::mutex> guard(mu_);
    compact();
  }
  // Requires mu_ held.
  void compact() {
    mu_.unlock();
    slow_io();
    mu_.lock();
  }
  void poll() {
    std::lock_guard<std::mutex> guard(mu_);
    try_touch();
  }
  bool try_touch() {
    if (!mu_.try_lock())
      return false;
    ++touched_;
    mu_.unlock();
    return true;
  }
  void slow_io();

private:
  std::mutex mu_;
  int touched_ = 0;
};

class Tree {
public:
  int size() {
    std::lock_guard<std::recursive_mutex> guard(mu_);
    return leaves();
  }
  int leaves() {
    std::lock_guard<std::recursive_mutex> guard(mu_);
    return leaves_;
  }

private:
  std::recursive_mutex mu_;
  int leaves_ = 0;
};
