#include "server.h"

#include <semaphore.h>

#include <cerrno>
#include <csignal>

namespace {
// sem_post is async-signal-safe: the handler's only job is to wake the server.
sem_t signalled;
extern "C" void on_signal(int) { sem_post(&signalled); }
}  // namespace

Server::Server(int workers) {
  sem_init(&signalled, 0, 0);
  std::signal(SIGTERM, on_signal);
  std::signal(SIGINT, on_signal);
  for (int i = 0; i < workers; ++i) workers_.emplace_back([this] { work(); });
}

Server::~Server() { shut_down(); }

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
      if (queue_.empty()) return;  // shutting down and drained
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    job();
    std::lock_guard lock(mutex_);
    ++completed_;
  }
}

void Server::shut_down() {
  {
    std::lock_guard lock(mutex_);
    accepting_ = false;  // 1. no new work
  }
  changed_.notify_all();  // 2. workers drain the queue, then return
  workers_.clear();       // 3. wait for every worker
}

int Server::serve_until_signal() {
  while (sem_wait(&signalled) != 0 && errno == EINTR) {
  }
  shut_down();
  std::lock_guard lock(mutex_);
  return completed_;
}
