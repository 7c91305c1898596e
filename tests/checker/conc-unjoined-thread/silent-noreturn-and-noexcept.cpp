// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// Paths that end the program do not destroy anything; calls that cannot
// throw are no way out.
#include <cstdlib>
#include <thread>

void work() noexcept;
void log(const char *) noexcept;
[[noreturn]] void fatal(const char *);
struct Stats {
  int count() const noexcept;
};

void dies_on_error(bool broken) {
  std::thread worker(work);
  if (broken)
    std::abort();
  log("running");
  worker.join();
}

void fatal_helper(int code) {
  std::thread worker(work);
  if (code != 0)
    fatal("bad code");
  worker.join();
}

int noexcept_calls(const Stats &s) {
  std::thread worker(work);
  log("counting");
  int n = s.count();
  worker.join();
  return n;
}

void exits(bool done) {
  std::thread worker(work);
  if (done)
    std::exit(0);
  worker.join();
}
