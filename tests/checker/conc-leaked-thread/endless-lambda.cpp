// RUN: %check_conc_tidy %s conc-leaked-thread %t
// A thread body with a loop nothing can end: the thread can never be
// stopped or joined (join() would wait forever).
#include <thread>

void poll() noexcept;
bool more() noexcept;

void forever() {
  std::thread poller([] {
    // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 'poller' runs a loop that never ends: no break, return or throw leaves it and it checks no stop condition, so nothing can stop the thread or wait for it; loop on a std::stop_token or an atomic flag [conc-leaked-thread]
    for (;;) {
      // CHECK-NOTES: :[[@LINE-1]]:5: note: this loop never ends
      poll();
    }
  });
  poller.join();
}

void inner_break_only() {
  std::thread poller([] {
    // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 'poller' runs a loop that never ends
    while (true) {
      // CHECK-NOTES: :[[@LINE-1]]:5: note: this loop never ends
      while (more()) {
        if (!more())
          break; // leaves the inner loop only
      }
      switch (0) {
      case 0:
        break; // leaves the switch only
      }
    }
  });
  poller.join();
}

void do_while_true() {
  std::thread([] {
    // CHECK-NOTES: :[[@LINE-1]]:3: warning: this thread runs a loop that never ends
    do {
      // CHECK-NOTES: :[[@LINE-1]]:5: note: this loop never ends
      poll();
    } while (1);
  }).join();
}
