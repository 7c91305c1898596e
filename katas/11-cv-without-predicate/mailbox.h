#pragma once
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>

// A mailbox that holds at most one letter. put() waits while the box is
// full; take() waits while it is empty. Any number of threads may use it.
class Mailbox {
 public:
  void put(std::string letter);
  std::string take();

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<std::string> letter_;
};
