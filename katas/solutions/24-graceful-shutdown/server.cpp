#include "server.h"

Server::Server(int workers) {
  sigemptyset(&shutdown_signals_);
  sigaddset(&shutdown_signals_, SIGTERM);
  sigaddset(&shutdown_signals_, SIGINT);
  // Before the first worker starts: threads inherit the mask of their creator,
  // so no thread of the server can be picked to receive the signals.
  pthread_sigmask(SIG_BLOCK, &shutdown_signals_, &previous_mask_);
  workers_.reserve(static_cast<std::size_t>(workers));
  for (int i = 0; i < workers; ++i) workers_.emplace_back([this] { work(); });
}

Server::~Server() {
  shut_down(Clock::now());  // not served: whatever is still queued is dropped
  pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
}

bool Server::submit(std::function<void()> job) {
  std::lock_guard lock(mutex_);
  if (!accepting_) return false;
  queue_.push_back(std::move(job));
  changed_.notify_one();
  return true;
}

void Server::work() {
  while (true) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [this] { return !queue_.empty() || !accepting_; });
      if (!accepting_ && (queue_.empty() || Clock::now() >= drain_until_)) {
        dropped_ += static_cast<int>(queue_.size());  // past the deadline: never started
        queue_.clear();
        return;
      }
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    job();
    std::lock_guard lock(mutex_);
    ++completed_;
  }
}

ShutdownReport Server::shut_down(Clock::time_point drain_until) {
  {
    std::lock_guard lock(mutex_);
    if (accepting_) {
      accepting_ = false;          // 1. no new work
      drain_until_ = drain_until;  //    and a deadline for the queued work
    }
  }
  changed_.notify_all();  // 2. workers drain the queue until the deadline, then return
  workers_.clear();       // 3. wait for every worker (joins; idempotent)
  std::lock_guard lock(mutex_);
  return {completed_, dropped_};
}

ShutdownReport Server::serve_until_signal(std::chrono::milliseconds grace) {
  int received = 0;
  while (sigwait(&shutdown_signals_, &received) != 0) {
  }
  return shut_down(Clock::now() + grace);
}
