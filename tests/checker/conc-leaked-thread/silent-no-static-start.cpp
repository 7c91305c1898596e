// RUN: %check_conc_tidy %s conc-leaked-thread %t
// Globals that start no thread, and threads started from functions that
// run after main began.
#include <mutex>
#include <thread>
#include <vector>

void work() noexcept;

std::mutex mu;
std::vector<std::thread> pool; // empty until start() runs
std::thread idle;              // default-constructed: no thread

struct Config {
  Config() : value(42) {}
  int value;
};
Config config;

void start() {
  std::lock_guard<std::mutex> lock(mu);
  pool.emplace_back(work);
  idle = std::thread(work);
}

void stop() {
  std::lock_guard<std::mutex> lock(mu);
  for (auto &t : pool)
    t.join();
  idle.join();
}

int main() {
  start();
  stop();
}
