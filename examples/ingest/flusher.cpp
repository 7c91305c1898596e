#include "flusher.h"

#include <utility>

namespace ingest {

Flusher::Flusher(const Aggregator& aggregator, const LatencyHistogram& latency, Sink sink,
                 std::chrono::milliseconds interval)
    : aggregator_(aggregator), latency_(latency), sink_(std::move(sink)), interval_(interval) {}

void Flusher::start() {
  running_ = true;
  thread_ = std::jthread([this](std::stop_token stop) {
    // `stop` is never looked at: the jthread's destructor requests a stop and
    // joins, and this loop only ends when someone remembered to call stop().
    while (running_.load()) {  // SEEDED-BUG(conc-ignored-stop-token): the loop never consults `stop`; ~jthread hangs unless stop() ran first
      std::this_thread::sleep_for(interval_);
      flush_once();
    }
  });
}

void Flusher::stop() {
  running_ = false;
  if (thread_.joinable()) thread_.join();
  flush_once();
}

void Flusher::flush_once() {
  if (!sink_) return;
  flush_mu_.lock();  // SEEDED-BUG(conc-manual-lock): the failed-write return below leaves flush_mu_ locked; the next flush deadlocks
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
  flush_mu_.unlock();
}

}  // namespace ingest
