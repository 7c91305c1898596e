#include "flusher.h"

#include <utility>

#include "interruptible_sleep.h"

namespace ingest {

Flusher::Flusher(const Aggregator& aggregator, const LatencyHistogram& latency, Sink sink,
                 std::chrono::milliseconds interval)
    : aggregator_(aggregator), latency_(latency), sink_(std::move(sink)), interval_(interval) {}

void Flusher::start() {
  thread_ = std::jthread([this](std::stop_token stop) {
    // Both stop() and ~jthread request a stop; the sleep ends at once then.
    while (interruptible_sleep(stop, interval_)) flush_once();
  });
}

void Flusher::stop() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
  flush_once();
}

void Flusher::flush_once() {
  if (!sink_) return;
  std::lock_guard lock(flush_mu_);  // released on every return and on a throwing sink
  Snapshot snapshot;
  aggregator_.fill(snapshot);
  const LatencyHistogram latency = latency_;
  snapshot.latency_p50_ms = latency.percentile(0.50);
  snapshot.latency_p99_ms = latency.percentile(0.99);
  snapshot.sequence = ++sequence_;
  if (!sink_(snapshot)) {
    ++failed_flushes_;
    return;
  }
  ++flushes_;
}

}  // namespace ingest
