// RUN: %check_conc_tidy %s conc-waitgroup-add-in-thread %t -- -- -std=c++20 -I%conc_include
// The Go idiom: add before the thread starts, done inside it.
#include <conc/waitgroup.h>
#include <thread>
#include <vector>

void process(int);

void run_all(int n) {
  conc::WaitGroup wg;
  std::vector<std::jthread> threads;
  for (int i = 0; i < n; ++i) {
    wg.add(1);
    threads.emplace_back([&wg, i] {
      process(i);
      wg.done();
    });
  }
  wg.wait();
}

void run_batch(int n) {
  conc::WaitGroup wg;
  wg.add(n);
  std::vector<std::jthread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&wg, i] {
      process(i);
      wg.done();
    });
  wg.wait();
}
