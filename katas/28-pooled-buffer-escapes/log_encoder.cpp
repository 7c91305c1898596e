#include "log_encoder.h"

std::string_view LogEncoder::encode(const LogRecord& record) {
  std::unique_ptr<std::string> buffer = pool_.get();
  buffer->append(R"({"level":")").append(record.level);
  buffer->append(R"(","request":)").append(std::to_string(record.request_id));
  buffer->append(R"(,"msg":")").append(record.message).append("\"}\n");
  // No copy of the line: the view points into the pooled buffer.
  std::string_view line(*buffer);
  pool_.put(std::move(buffer));
  return line;
}
