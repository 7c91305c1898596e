// RUN: %check_conc_tidy %s conc-double-close %t -- -- -std=c++20 -I%conc_include
// The spawning code closes on a path that follows the closing thread's start
// (even after its join): the channel is closed twice on that path.
#include <conc/channel.h>
#include <thread>

void joined_then_closed_again(bool flush) {
  conc::Channel<int> results(1);
  std::thread producer([&results] { results.close(); });
  producer.join();
  if (flush)
    results.close();
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'results' is closed both by a thread and by the code that started it; only its single sender closes it, once [conc-double-close]
  // CHECK-NOTES: :[[@LINE-5]]:45: note: 'results' is also closed here
  // CHECK-NOTES: :[[@LINE-6]]:15: note: a closing thread is started here
}

// Variant: a thread started once per iteration of a loop, each joined
// before the next: each run closes the channel again.
void one_at_a_time(conc::Channel<int> &out) {
  for (int round = 0; round < 3; ++round) {
    std::thread worker([&out] { out.close(); });
    // CHECK-NOTES: :[[@LINE-1]]:37: warning: 'out' is closed by every thread this loop starts; only its single sender closes it, once [conc-double-close]
    // CHECK-NOTES: :[[@LINE-2]]:17: note: the threads are started here
    worker.join();
  }
}
