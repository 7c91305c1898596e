// One parsed log line and the parser for the ingest service's input format.
//
// A line looks like
//
//   2026-11-23T16:00:00Z ERROR checkout 412ms payment declined
//
// that is: a timestamp, a level, the emitting service, the request latency and
// the free-text message. Anything else is "malformed" and only counted.
//
// This file is shared by the buggy and the fixed service: it has no threads.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace ingest {

enum class Level { kDebug, kInfo, kWarn, kError };

struct LogRecord {
  std::string timestamp;
  Level level = Level::kInfo;
  std::string service;
  std::chrono::milliseconds latency{0};
  std::string message;
};

// Returns the record, or nothing when the line does not follow the format.
std::optional<LogRecord> parse_line(std::string_view line);

std::string_view to_string(Level level);

}  // namespace ingest
