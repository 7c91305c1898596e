// Request latencies in power-of-two millisecond buckets. Every worker records
// into the one histogram of the service, so it has its own lock; readers take
// a copy and compute percentiles on the copy, off the hot path.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>

namespace ingest {

class LatencyHistogram {
 public:
  LatencyHistogram() = default;
  // Copies for snapshots: the flusher copies, then reads at leisure.
  LatencyHistogram(const LatencyHistogram& other);
  LatencyHistogram& operator=(const LatencyHistogram&) = delete;

  void record(std::chrono::milliseconds latency);
  void clear();

  std::uint64_t count() const;
  // The upper bound, in ms, of the bucket holding the given fraction (0..1)
  // of the samples; 0 when empty.
  std::uint64_t percentile(double fraction) const;

 private:
  static constexpr std::size_t kBuckets = 24;  // up to ~2.3 hours

  mutable std::mutex mu_;
  std::array<std::uint64_t, kBuckets> buckets_{};
  std::uint64_t count_ = 0;
};

}  // namespace ingest
