// RUN: %check_conc_tidy %s conc-double-close %t -- -- -std=c++20 -I%conc_include
// The spawning code closes the channel only on a path where the closing
// thread was never started (the other branch, or before the start): one
// closer per run. Decided on the CFG, not by source order.
#include <conc/channel.h>
#include <thread>

void thread_or_inline(bool background) {
  conc::Channel<int> results(1);
  if (background) {
    std::thread producer([&results] {
      results.send(1);
      results.close();
    });
    producer.join();
  } else {
    results.send(1);
    results.close();
  }
}

// Variant: a lambda; the early return closes before any thread starts.
auto start_or_give_up = [](bool ready) {
  conc::Channel<int> jobs(4);
  if (!ready) {
    jobs.close();
    return 0;
  }
  std::jthread producer([&jobs] { jobs.close(); });
  return 1;
};

// Variant: a member function of a template, instantiated.
template <class T> struct Feeder {
  void run(bool threaded) {
    conc::Channel<T> out(1);
    if (threaded) {
      std::jthread worker([&out] { out.close(); });
      return;
    }
    out.close();
  }
};
template struct Feeder<int>;
