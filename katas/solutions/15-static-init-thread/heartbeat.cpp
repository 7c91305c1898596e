#include "heartbeat.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

namespace {
std::atomic<long> beats{0};
std::mutex worker_mutex;  // guards worker
std::jthread worker;      // empty until start_heartbeat(): nothing runs before main
}  // namespace

void start_heartbeat() {
  std::lock_guard lock(worker_mutex);
  if (worker.joinable()) return;
  worker = std::jthread([](std::stop_token stop) {
    while (!stop.stop_requested()) {
      ++beats;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
}

void stop_heartbeat() {
  std::jthread stopping;
  {
    std::lock_guard lock(worker_mutex);
    stopping = std::move(worker);
  }
  // `stopping` requests the stop and joins here, outside the lock.
}

long heartbeats() { return beats.load(); }
