#include "heartbeat.h"

#include <atomic>
#include <chrono>
#include <thread>

namespace {
std::atomic<long> beats{0};
std::atomic<bool> beating{false};

// Started while the program loads, so that nobody can forget to start it.
const bool heart = [] {
  std::thread([] {
    while (true) {
      if (beating.load()) ++beats;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }).detach();
  return true;
}();
}  // namespace

void start_heartbeat() { beating = true; }
void stop_heartbeat() { beating = false; }
long heartbeats() { return beats.load(); }
