// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// A call that may throw between start and join is a way out of the scope:
// the exception destroys the joinable thread and std::terminate runs.
#include <string>
#include <thread>

void work() noexcept;
int parse(const std::string &text); // may throw
void log(const char *) noexcept;

int start_then_parse(const std::string &text) {
  std::thread worker(work);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 'worker' may still be joinable when it is destroyed
  log("started");
  int value = parse(text);
  // CHECK-NOTES: :[[@LINE-1]]:15: note: 'worker' is destroyed while joinable if 'parse' throws here
  worker.join();
  return value;
}

// CHECK-FIXES: std::jthread worker(work);
