// A worker that owns a thread and a pool of helpers. Its destructor is in
// worker.cpp; the joining is done by stop() in stop.cpp, and for the
// helpers one call deeper, by join_helpers() in helpers.cpp.
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
