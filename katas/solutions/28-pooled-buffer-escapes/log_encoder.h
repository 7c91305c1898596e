#pragma once
#include <string>

#include "buffer_pool.h"

struct LogRecord {
  std::string level;
  std::string message;
  int request_id = 0;
};

// Encodes log records as JSON lines for the log shipper. Called for every
// log line on every request thread, so it builds each line in a buffer from
// a pool instead of growing a fresh string per line. Safe to call from any
// thread.
class LogEncoder {
 public:
  // The record as one JSON line, the caller's own copy: it stays valid as
  // long as the caller keeps it, whatever other threads encode meanwhile.
  std::string encode(const LogRecord& record);

  // How many buffers the pool has ever created.
  int buffers_created() const { return pool_.created(); }

 private:
  BufferPool pool_;
};
