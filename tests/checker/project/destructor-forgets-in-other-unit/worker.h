// A worker whose destructor (worker.cpp) calls stop() (stop.cpp), which
// joins the helpers (helpers.cpp) but forgets thread_; and a pool whose
// destructor calls shutdown() in another file, which joins nothing.
#pragma once
#include <atomic>
#include <thread>
#include <vector>

class Worker {
public:
  Worker();
  ~Worker();
  void stop();

private:
  void join_helpers();
  std::atomic<bool> running_{true};
  std::thread thread_;
  std::vector<std::thread> helpers_;
};
