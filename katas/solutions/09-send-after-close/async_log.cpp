#include "async_log.h"

AsyncLog::AsyncLog()
    : writer_([this] {
        for (std::string& line : lines_) {
          std::lock_guard lock(written_mutex_);
          written_.push_back(std::move(line));
        }
      }) {}

AsyncLog::~AsyncLog() { stop(); }

bool AsyncLog::log(std::string line) {
  if (stopping_.load(std::memory_order_acquire)) return false;
  std::lock_guard lock(state_mutex_);
  if (stopped_) return false;  // never a send on the closed channel
  return lines_.send(std::move(line));
}

void AsyncLog::stop() {
  stopping_.store(true, std::memory_order_release);
  {
    std::lock_guard lock(state_mutex_);
    if (!stopped_) {
      stopped_ = true;
      lines_.close();  // once, and after every accepted send
    }
  }
  if (writer_.joinable()) writer_.join();  // outside the lock: the writer drains
}

std::vector<std::string> AsyncLog::written() {
  std::lock_guard lock(written_mutex_);
  return written_;
}
