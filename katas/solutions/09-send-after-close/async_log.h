#pragma once
#include <conc/channel.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

// A log whose lines are written by a background thread. log() may be called
// from any thread, before or after stop(): after stop() it drops the line
// and returns false. stop() writes out every line logged before it, ends the
// writer thread, and may be called more than once (the destructor calls it).
class AsyncLog {
 public:
  AsyncLog();
  ~AsyncLog();
  AsyncLog(const AsyncLog&) = delete;
  AsyncLog& operator=(const AsyncLog&) = delete;

  bool log(std::string line);
  void stop();
  std::vector<std::string> written();  // the lines written so far

 private:
  // Set first thing in stop(), read without the lock: a logger that sees it
  // backs off instead of queueing on state_mutex_ ahead of stop(). std::mutex
  // is not fair; without this a logger in a tight loop can keep stop() out
  // for seconds.
  std::atomic<bool> stopping_{false};
  std::mutex state_mutex_;  // orders every send before the close
  bool stopped_ = false;    // guarded by state_mutex_
  conc::Channel<std::string> lines_{64};
  std::mutex written_mutex_;
  std::vector<std::string> written_;
  std::mutex join_mutex_;  // one joiner at a time: stop() may run on two threads
  std::jthread writer_;
};
