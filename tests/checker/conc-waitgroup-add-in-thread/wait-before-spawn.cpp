// RUN: %check_conc_tidy %s conc-waitgroup-add-in-thread %t -- -- -std=c++20 -I%conc_include
// A wait that happens before the thread starts cannot miss its add.
#include <conc/waitgroup.h>
#include <thread>

void step(int);

void phases(conc::WaitGroup &previous) {
  conc::WaitGroup local;
  local.wait();
  std::thread t([&local] {
    local.add(1);
    step(1);
    local.done();
  });
  t.join();
}
