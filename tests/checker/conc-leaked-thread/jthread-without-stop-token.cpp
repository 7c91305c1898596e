// RUN: %check_conc_tidy %s conc-leaked-thread %t
// std::jthread's destructor requests stop and joins. A body that takes no
// std::stop_token cannot see the request: the destructor waits forever.
#include <stop_token>
#include <thread>

void serve() noexcept;

void hangs_in_destructor() {
  std::jthread server([] {
    // CHECK-NOTES: :[[@LINE-1]]:16: warning: thread 'server' runs a loop that never ends and takes no std::stop_token: the std::jthread destructor requests a stop nobody reads and then waits forever; take a std::stop_token and leave the loop when stop is requested [conc-leaked-thread]
    while (true)
      // CHECK-NOTES: :[[@LINE-1]]:5: note: this loop never ends
      serve();
  });
}

void takes_token_but_ignores_it() {
  std::jthread server([](std::stop_token) {
    // CHECK-NOTES: :[[@LINE-1]]:16: warning: thread 'server' runs a loop that never ends: no break
    for (;;)
      // CHECK-NOTES: :[[@LINE-1]]:5: note: this loop never ends
      serve();
  });
}
