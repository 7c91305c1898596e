// What the service reports: totals per emitting service, counts of malformed
// input, latency percentiles. A Snapshot is plain data, safe to copy and to
// hand to another thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

namespace ingest {

struct ServiceTotals {
  std::uint64_t records = 0;
  std::uint64_t warnings = 0;
  std::uint64_t errors = 0;
  bool operator==(const ServiceTotals&) const = default;
};

struct Snapshot {
  std::uint64_t sequence = 0;  // 1 for the first flush, 2 for the next...
  std::uint64_t records = 0;
  std::uint64_t malformed = 0;
  std::uint64_t latency_p50_ms = 0;
  std::uint64_t latency_p99_ms = 0;
  std::map<std::string, ServiceTotals> services;
};

// Where flushed snapshots go (a file, a metrics backend, a test's vector).
// Returns false when the write failed; the flusher counts the failure and
// tries again on the next tick.
using Sink = std::function<bool(const Snapshot&)>;

// One line per service, for the command-line tool.
std::string format_snapshot(const Snapshot& snapshot);

}  // namespace ingest
