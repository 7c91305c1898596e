#include "service.h"

#include <pthread.h>

#include <utility>

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
  for (std::size_t id = 0; id < config_.workers; ++id) {
    workers_.emplace_back([this, &id] {  // SEEDED-BUG(conc-dangling-capture): `id` is the loop variable; the worker reads it after the loop moved on or ended
      producers_.add(1);  // SEEDED-BUG(conc-waitgroup-add-in-thread): stop() may wait() before this add runs and close parsed_ under a worker
      run_worker(id);
      producers_.done();
    });
  }
  flusher_.start();

  // The heartbeat ends when the process shuts down, not when this Service
  // does: every Service made and destroyed leaves one behind.
  std::thread heartbeat([health = health_] {
    name_this_thread("ingest-heartbt");
    while (!health->shutting_down.load()) {
      health->heartbeats.fetch_add(1);
      std::this_thread::sleep_for(kHeartbeatPeriod);
    }
  });
  heartbeat.detach();  // SEEDED-BUG(conc-leaked-thread): detached heartbeat outlives the Service; nothing stops or joins it
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
  if (processed_ < submitted_) progress_cv_.wait(lock);  // SEEDED-BUG(conc-cv-wait-predicate): a spurious wake-up returns before the work is done
}

void Service::stop() {
  {
    if (!started_.load() || stopping_.exchange(true)) return;
    // Waits for the sends under way; new ones see stopping_ and give up.
    std::unique_lock no_more_senders(senders_mu_);
    lines_.close();  // workers drain what is queued, then leave
  }
  if (!producers_.wait_for(config_.drain_timeout)) {
    // A worker is stuck: stop waiting and let the aggregator finish.
    health_->drain_timeouts.fetch_add(1);
    parsed_.close();
  }
  parsed_.close();  // SEEDED-BUG(conc-double-close): already closed above when the drain timed out
  if (aggregator_thread_.joinable()) aggregator_thread_.join();
  workers_.clear();  // joins them
  flusher_.stop();
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
