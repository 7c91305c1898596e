#include "latency_histogram.h"

#include <bit>

namespace ingest {
namespace {

std::size_t bucket_of(std::chrono::milliseconds latency, std::size_t buckets) {
  const auto ms = static_cast<std::uint64_t>(latency.count() < 0 ? 0 : latency.count());
  const std::size_t bucket = std::bit_width(ms);  // 0 -> 0, 1 -> 1, 2..3 -> 2...
  return bucket < buckets ? bucket : buckets - 1;
}

}  // namespace

// The source's lock is not taken: a worker recording at the same moment
// races with this copy, and the copy can see count_ and buckets_ disagree.
LatencyHistogram::LatencyHistogram(const LatencyHistogram& other)
    : buckets_(other.buckets_), count_(other.count_) {}  // SEEDED-BUG(conc-copied-mutex): reads other's buckets_ without locking other.mu_

void LatencyHistogram::record(std::chrono::milliseconds latency) {
  const std::size_t bucket = bucket_of(latency, kBuckets);
  std::lock_guard lock(mu_);
  ++buckets_[bucket];
  ++count_;
}

void LatencyHistogram::clear() {
  std::lock_guard lock(mu_);
  buckets_.fill(0);
  count_ = 0;
}

std::uint64_t LatencyHistogram::count() const {
  std::lock_guard lock(mu_);
  return count_;
}

std::uint64_t LatencyHistogram::percentile(double fraction) const {
  std::lock_guard lock(mu_);
  if (count_ == 0) return 0;
  const auto wanted = static_cast<std::uint64_t>(fraction * static_cast<double>(count_));
  std::uint64_t seen = 0;
  for (std::size_t bucket = 0; bucket < kBuckets; ++bucket) {
    seen += buckets_[bucket];
    if (seen > wanted || seen == count_) return bucket == 0 ? 0 : (std::uint64_t{1} << bucket) - 1;
  }
  return (std::uint64_t{1} << (kBuckets - 1)) - 1;
}

}  // namespace ingest
