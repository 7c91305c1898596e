#include "server.h"

#include <csignal>

namespace {
volatile std::sig_atomic_t signalled = 0;
extern "C" void on_signal(int) { signalled = 1; }
}  // namespace

Server::Server(int workers) {
  signalled = 0;
  std::signal(SIGTERM, on_signal);
  std::signal(SIGINT, on_signal);
  for (int i = 0; i < workers; ++i) std::thread([this] { work(); }).detach();
}

Server::~Server() = default;

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
      changed_.wait(lock, [this] { return !queue_.empty(); });
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    job();
    std::lock_guard lock(mutex_);
    ++completed_;
  }
}

ShutdownReport Server::serve_until_signal(std::chrono::milliseconds) {
  while (!signalled) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::lock_guard lock(mutex_);
  accepting_ = false;
  return {completed_, 0};
}
