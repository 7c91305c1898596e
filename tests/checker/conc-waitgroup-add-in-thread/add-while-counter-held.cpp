// RUN: %check_conc_tidy %s conc-waitgroup-add-in-thread %t -- -- -std=c++20 -I%conc_include
// A thread that is itself counted may add for the work it fans out: the
// counter cannot reach zero before its own done(), so wait() cannot return
// early (Go: "calls with a positive delta ... when the counter is greater
// than zero may happen at any time").
#include <conc/waitgroup.h>
#include <thread>

void crawl(int page);

void crawl_site(int root) {
  conc::WaitGroup wg;
  wg.add(1);
  std::thread walker([&wg, root] {
    for (int link = 0; link < 3; ++link) {
      wg.add(1);
      std::thread([&wg, root, link] {
        crawl(root * 10 + link);
        wg.done();
      }).detach();
    }
    wg.done();
  });
  wg.wait();
  walker.join();
}
