// Totals per emitting service. The aggregator thread adds every parsed
// record; the flusher and the admin API read and reset concurrently.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "log_record.h"
#include "snapshot.h"

namespace ingest {

class Flusher;

class Aggregator {
 public:
  void add(const LogRecord& record);
  void add_malformed();

  // Fills the counters of `out` (not its sequence or latency fields).
  void fill(Snapshot& out) const;

  // Services in the order they were first seen (for stable dashboards).
  std::vector<std::string> services_in_order() const;

  // Admin operation: forget everything seen so far. With a flusher set by
  // flush_on_reset(), what was counted so far is flushed first, so that the
  // dashboards keep the old series.
  void reset();

  // Set once, before any thread uses the aggregator (the Service does it).
  void flush_on_reset(Flusher* flusher) { flush_on_reset_ = flusher; }

 private:
  // Lock order: totals_mu_ before names_mu_.
  mutable std::mutex totals_mu_;
  std::map<std::string, ServiceTotals> totals_;
  std::uint64_t records_ = 0;
  std::uint64_t malformed_ = 0;

  mutable std::mutex names_mu_;
  std::vector<std::string> first_seen_;

  Flusher* flush_on_reset_ = nullptr;
};

}  // namespace ingest
