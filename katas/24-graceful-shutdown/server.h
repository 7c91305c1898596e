#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

// A job server with a fixed number of worker threads.
//
// serve_until_signal() blocks until the process receives SIGTERM or SIGINT,
// then shuts down gracefully: it stops accepting jobs (submit returns false),
// lets the workers finish every job accepted so far, joins every worker and
// returns the number of jobs run. No thread of the server outlives it.
//
// The constructor installs the signal handling, so a signal that arrives
// before serve_until_signal() is not lost.
class Server {
 public:
  explicit Server(int workers);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  bool submit(std::function<void()> job);
  int serve_until_signal();

 private:
  void work();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::function<void()>> queue_;
  bool accepting_ = true;
  int completed_ = 0;
};
