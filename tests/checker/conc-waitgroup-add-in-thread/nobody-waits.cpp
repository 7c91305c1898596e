// RUN: %check_conc_tidy %s conc-waitgroup-add-in-thread %t -- -- -std=c++20 -I%conc_include
// The group belongs to the thread: it adds and waits for its own helpers,
// and the spawner never waits on it.
#include <conc/waitgroup.h>
#include <thread>

void step(int);

void pipeline() {
  std::thread coordinator([] {
    conc::WaitGroup stages;
    stages.add(2);
    std::thread a([&stages] { step(1); stages.done(); });
    std::thread b([&stages] { step(2); stages.done(); });
    stages.wait();
    a.join();
    b.join();
  });
  coordinator.join();
}

void unrelated_groups() {
  conc::WaitGroup outer;
  conc::WaitGroup inner;
  outer.add(1);
  std::thread t([&] {
    inner.add(1);
    step(3);
    inner.done();
    outer.done();
  });
  outer.wait();
  t.join();
}
