// RUN: %check_conc_tidy %s conc-ignored-stop-token %t -- -- -std=c++20 -I%conc_include
// A stop_callback registered on the token wakes what the loop blocks on:
// the loop honours the token without naming it.
#include <conc/channel.h>
#include <stop_token>

void handle(int);

void consume(std::stop_token stop, conc::Channel<int> &jobs) {
  std::stop_callback close_on_stop(stop, [&jobs] { jobs.close(); });
  while (true) {
    auto job = jobs.recv();
    if (!job)
      break;
    handle(*job);
  }
}
