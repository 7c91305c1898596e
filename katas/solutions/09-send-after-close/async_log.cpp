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
  // Outside state_mutex_ (loggers must still get it to see `stopped_`), but
  // under join_mutex_: two threads calling stop() at once would otherwise
  // both see a joinable writer and both join it, which is undefined (glibc
  // hangs or throws). The second caller waits for the first one's join.
  std::lock_guard join_lock(join_mutex_);
  if (writer_.joinable()) writer_.join();
}

std::vector<std::string> AsyncLog::written() {
  std::lock_guard lock(written_mutex_);
  return written_;
}
