#include "async_log.h"

AsyncLog::AsyncLog()
    : writer_([this] {
        for (std::string& line : lines_) {
          std::lock_guard lock(written_mutex_);
          written_.push_back(std::move(line));
        }
      }) {}

AsyncLog::~AsyncLog() { stop(); }

bool AsyncLog::log(std::string line) { return lines_.send(std::move(line)); }

void AsyncLog::stop() {
  lines_.close();
  if (writer_.joinable()) writer_.join();
}

std::vector<std::string> AsyncLog::written() {
  std::lock_guard lock(written_mutex_);
  return written_;
}
