#include "log_encoder.h"

std::string LogEncoder::encode(const LogRecord& record) {
  std::unique_ptr<std::string> buffer = pool_.get();
  buffer->append(R"({"level":")").append(record.level);
  buffer->append(R"(","request":)").append(std::to_string(record.request_id));
  buffer->append(R"(,"msg":")").append(record.message).append("\"}\n");
  // Copy out what the caller keeps while the buffer is still ours (Go:
  // `return buf.String()` before the deferred Put); after put() the pool
  // may hand the buffer to another thread at once.
  std::string line = *buffer;
  pool_.put(std::move(buffer));
  return line;
}
