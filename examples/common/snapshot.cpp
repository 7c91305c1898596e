#include "snapshot.h"

#include <sstream>

namespace ingest {

std::string format_snapshot(const Snapshot& snapshot) {
  std::ostringstream out;
  out << "flush #" << snapshot.sequence << ": " << snapshot.records << " records, "
      << snapshot.malformed << " malformed, latency p50 " << snapshot.latency_p50_ms
      << "ms p99 " << snapshot.latency_p99_ms << "ms\n";
  for (const auto& [name, totals] : snapshot.services)
    out << "  " << name << ": " << totals.records << " records, " << totals.warnings
        << " warnings, " << totals.errors << " errors\n";
  return out.str();
}

}  // namespace ingest
