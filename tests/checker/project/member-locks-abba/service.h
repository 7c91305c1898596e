// Two classes whose methods are defined in their own files: Sessions calls
// into Metrics while holding its lock, and Metrics calls back.
#pragma once
#include <mutex>
#include <vector>

class Metrics;

class Sessions {
public:
  void open(Metrics &metrics);
  int count();

private:
  std::mutex mu_;
  std::vector<int> ids_;
};

class Metrics {
public:
  void on_open();
  void publish(Sessions &sessions);

private:
  std::mutex mu_;
  int opened_ = 0;
};
