#include "service.h"

#include <pthread.h>

#include <utility>

#include "interruptible_sleep.h"

namespace ingest {
namespace {

constexpr std::chrono::milliseconds kHeartbeatPeriod{100};

void name_this_thread(const std::string& name) {
  // Thread names show up in top, gdb and the conc leak probe's reports.
  pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
}

}  // namespace

Service::Service(Config config)
    : config_(std::move(config)),
      lines_(config_.queue_capacity),
      parsed_(config_.queue_capacity),
      flusher_(aggregator_, latency_, config_.sink, config_.flush_interval) {
  aggregator_.flush_on_reset(&flusher_);
}

Service::~Service() { stop(); }

void Service::start() {
  if (started_.exchange(true)) return;
  aggregator_thread_ = std::jthread([this] { run_aggregator(); });
  // Counted before the workers start, so that stop() cannot wait() on a
  // group that is still empty.
  producers_.add(static_cast<std::int64_t>(config_.workers));
  for (std::size_t id = 0; id < config_.workers; ++id) {
    workers_.emplace_back([this, id] {
      run_worker(id);
      producers_.done();
    });
  }
  flusher_.start();

  // Owned by the Service: stop() (or the destructor) ends it.
  heartbeat_ = std::jthread([health = health_](std::stop_token stop) {
    name_this_thread("ingest-heartbt");
    do {
      health->heartbeats.fetch_add(1);
    } while (interruptible_sleep(stop, kHeartbeatPeriod));
  });
}

bool Service::submit(std::string line) {
  // Checked before the lock as well: glibc lets new readers in ahead of a
  // waiting writer, so busy submitters would starve stop() for ever.
  if (stopping_.load()) return false;
  std::shared_lock sending(senders_mu_);
  if (stopping_.load()) return false;
  {
    std::lock_guard lock(progress_mu_);
    ++submitted_;
  }
  lines_.send(std::move(line));
  return true;
}

void Service::wait_idle() {
  std::unique_lock lock(progress_mu_);
  progress_cv_.wait(lock, [this] { return processed_ == submitted_; });
}

void Service::stop() {
  {
    if (!started_.load() || stopping_.exchange(true)) return;
    // Waits for the sends under way; new ones see stopping_ and give up.
    std::unique_lock no_more_senders(senders_mu_);
    lines_.close();  // workers drain what is queued, then leave
  }
  if (!producers_.wait_for(config_.drain_timeout)) {
    // Slow, not stuck: the aggregator keeps draining parsed_, so the workers
    // finish. Closing parsed_ now would make their next send fail.
    health_->drain_timeouts.fetch_add(1);
    producers_.wait();
  }
  parsed_.close();  // the only close, after the last sender is done
  if (aggregator_thread_.joinable()) aggregator_thread_.join();
  workers_.clear();  // joins them
  flusher_.stop();
  heartbeat_.request_stop();
  if (heartbeat_.joinable()) heartbeat_.join();
}

Snapshot Service::snapshot() const {
  Snapshot snapshot;
  aggregator_.fill(snapshot);
  const LatencyHistogram latency = latency_;
  snapshot.latency_p50_ms = latency.percentile(0.50);
  snapshot.latency_p99_ms = latency.percentile(0.99);
  return snapshot;
}

void Service::run_worker(std::size_t id) {
  name_this_thread("ingest-w" + std::to_string(id));
  while (std::optional<std::string> line = lines_.recv()) {
    Parsed parsed{parse_line(*line)};
    if (parsed.record) latency_.record(parsed.record->latency);
    parsed_.send(std::move(parsed));
  }
}

void Service::run_aggregator() {
  name_this_thread("ingest-aggr");
  while (std::optional<Parsed> parsed = parsed_.recv()) {
    if (parsed->record)
      aggregator_.add(*parsed->record);
    else
      aggregator_.add_malformed();
    note_processed();
  }
}

void Service::note_processed() {
  std::lock_guard lock(progress_mu_);
  if (++processed_ == submitted_) progress_cv_.notify_all();
}

}  // namespace ingest
