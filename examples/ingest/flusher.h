// The periodic flusher: every `interval` it takes a snapshot of the
// aggregator and the latency histogram and hands it to the sink. stop() does a
// last flush so that nothing counted is lost at shutdown.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <thread>

#include "aggregator.h"
#include "latency_histogram.h"
#include "snapshot.h"

namespace ingest {

class Flusher {
 public:
  Flusher(const Aggregator& aggregator, const LatencyHistogram& latency, Sink sink,
          std::chrono::milliseconds interval);
  Flusher(const Flusher&) = delete;
  Flusher& operator=(const Flusher&) = delete;

  void start();
  // Stops the periodic thread, then flushes one last time.
  void stop();

  // Takes a snapshot and writes it to the sink (also called by the thread).
  void flush_once();

  std::uint64_t flushes() const { return flushes_.load(); }
  std::uint64_t failed_flushes() const { return failed_flushes_.load(); }

 private:
  const Aggregator& aggregator_;
  const LatencyHistogram& latency_;
  const Sink sink_;
  const std::chrono::milliseconds interval_;

  // One flush at a time (the thread's and stop()'s), held across the sink on
  // purpose: snapshots reach the sink in sequence order.
  std::mutex flush_mu_;
  std::uint64_t sequence_ = 0;
  std::atomic<std::uint64_t> flushes_{0};
  std::atomic<std::uint64_t> failed_flushes_{0};

  std::atomic<bool> running_{false};
  std::jthread thread_;
};

}  // namespace ingest
