#pragma once
#include <signal.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

// What a shutdown did: the jobs that ran, and the jobs that were accepted
// but still queued when the drain deadline passed (dropped, never started).
struct ShutdownReport {
  int completed = 0;
  int dropped = 0;
};

// A job server with a fixed number of worker threads.
//
// serve_until_signal(grace) blocks until the process receives SIGTERM or
// SIGINT, then shuts down gracefully: it stops accepting jobs (submit returns
// false), lets the workers run the queued jobs until `grace` has passed after
// the signal, drops the jobs still queued then, joins every worker (a job
// already running is finished: jobs are short) and reports. No thread of the
// server outlives it.
//
// Signals: the server takes SIGTERM and SIGINT from the moment it is
// constructed, so a signal that arrives before serve_until_signal() is not
// lost; once it is destroyed, the process handles them as it did before (a
// Ctrl-C ends it again). Construct, serve and destroy it on one thread (main),
// before starting other threads.
//
// How: no signal handler at all. The constructor blocks the two signals in
// its thread before it starts the workers, which inherit the mask; a blocked
// signal stays pending until serve_until_signal() takes it with sigwait(),
// an ordinary call in an ordinary thread (it may lock, notify, allocate).
// The destructor restores the constructing thread's mask.
class Server {
 public:
  explicit Server(int workers);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  bool submit(std::function<void()> job);
  ShutdownReport serve_until_signal(std::chrono::milliseconds grace);

 private:
  using Clock = std::chrono::steady_clock;
  void work();
  ShutdownReport shut_down(Clock::time_point drain_until);

  sigset_t shutdown_signals_;
  sigset_t previous_mask_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::function<void()>> queue_;
  bool accepting_ = true;                   // guarded by mutex_
  Clock::time_point drain_until_;           // guarded by mutex_; meaningful once !accepting_
  int completed_ = 0;                       // guarded by mutex_
  int dropped_ = 0;                         // guarded by mutex_
  std::vector<std::jthread> workers_;  // last member: joined before the state above dies
};
