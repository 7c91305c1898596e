// A program that deadlocks the way Go's runtime would catch: main waits for a
// result that a worker never sends, because the worker waits for a job that
// main never sends. Run with CONC_DEADLOCK_WATCHDOG=<ms>.
#include <thread>

#include "conc/channel.h"

int main() {
  conc::Channel<int> jobs;
  conc::Channel<int> results;
  std::jthread worker([&] {
    for (int job : jobs) results.send(job * 2);
  });
  results.recv();  // deadlock: nobody sends a job
  return 0;
}
