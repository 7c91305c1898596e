#pragma once
#include <string>
#include <string_view>

#include "buffer_pool.h"

struct LogRecord {
  std::string level;
  std::string message;
  int request_id = 0;
};

// Encodes log records as JSON lines for the log shipper. Called for every
// log line on every request thread, so it reuses its buffers from a pool
// instead of allocating a string per line. Safe to call from any thread.
class LogEncoder {
 public:
  // The record as one JSON line; the result stays valid as long as the
  // caller keeps it, whatever other threads encode meanwhile.
  std::string_view encode(const LogRecord& record);

  // How many buffers the pool has ever created.
  int buffers_created() const { return pool_.created(); }

 private:
  BufferPool pool_;
};
