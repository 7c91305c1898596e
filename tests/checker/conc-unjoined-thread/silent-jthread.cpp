// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// std::jthread joins in its destructor: early returns and exceptions are
// fine.
#include <stop_token>
#include <thread>

void work() noexcept;
void step(); // may throw

void early(bool quick) {
  std::jthread worker(work);
  if (quick)
    return;
  step();
}

void with_token() {
  std::jthread worker([](std::stop_token token) {
    while (!token.stop_requested())
      work();
  });
  step();
}
