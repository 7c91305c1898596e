// The log-ingest service: lines go in through submit(), a pool of workers
// parses them, one aggregator thread counts them, and the flusher reports a
// snapshot every flush interval.
//
//   submit() --lines_--> worker x N --parsed_--> aggregator --> Aggregator
//                            |                                      |
//                            +--> LatencyHistogram     Flusher <----+--> Sink
//
// Shutdown is graceful: stop() closes the input, the workers drain it, the
// aggregator drains what they parsed, the flusher writes the final snapshot.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "aggregator.h"
#include "conc/channel.h"
#include "conc/waitgroup.h"
#include "flusher.h"
#include "latency_histogram.h"
#include "log_record.h"
#include "snapshot.h"

namespace ingest {

struct Config {
  std::size_t workers = 4;
  std::size_t queue_capacity = 1024;
  std::chrono::milliseconds flush_interval{1000};
  std::chrono::milliseconds drain_timeout{5000};
  Sink sink;  // may be empty: then nothing is flushed
};

// Liveness data shared with whoever watches the process (a status endpoint).
struct Health {
  std::atomic<std::uint64_t> heartbeats{0};
  std::atomic<std::uint64_t> drain_timeouts{0};
  std::atomic<bool> shutting_down{false};  // set when the process is going down
};

class Service {
 public:
  explicit Service(Config config);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  void start();
  // Queues one line; false once the service is stopping. Blocks while the
  // queue is full (back-pressure on the reader).
  bool submit(std::string line);
  // Blocks until every line submitted so far has been counted.
  void wait_idle();
  // Graceful shutdown; idempotent. The destructor calls it.
  void stop();

  Snapshot snapshot() const;
  Aggregator& aggregator() { return aggregator_; }
  const Flusher& flusher() const { return flusher_; }
  const std::shared_ptr<Health>& health() const { return health_; }

 private:
  struct Parsed {
    std::optional<LogRecord> record;  // empty: the line was malformed
  };

  void run_worker(std::size_t id);
  void run_aggregator();
  void note_processed();

  const Config config_;
  std::shared_ptr<Health> health_ = std::make_shared<Health>();

  conc::Channel<std::string> lines_;
  conc::Channel<Parsed> parsed_;
  conc::WaitGroup producers_;  // workers that may still send on parsed_

  Aggregator aggregator_;
  LatencyHistogram latency_;
  Flusher flusher_;

  std::mutex progress_mu_;
  std::condition_variable progress_cv_;
  std::uint64_t submitted_ = 0;  // guarded by progress_mu_
  std::uint64_t processed_ = 0;  // guarded by progress_mu_

  // submit() holds it shared while it sends; stop() takes it exclusively to
  // close lines_, so that no send can come after the close.
  std::shared_mutex senders_mu_;
  // Set by stop() before it takes senders_mu_; read by submit() before and
  // after taking it shared.
  std::atomic<bool> stopping_{false};
  std::atomic<bool> started_{false};
  std::vector<std::jthread> workers_;
  std::jthread aggregator_thread_;
};

}  // namespace ingest
