// RUN: %check_conc_tidy %s conc-manual-lock %t
// std::unique_lock unlocked and relocked inside its region, condition
// waits, deferred and adopted locks: correct, silent.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>

class Pool {
public:
  void run() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_) {
      cv_.wait(lock, [this] { return stop_ || !jobs_.empty(); });
      while (!jobs_.empty()) {
        auto job = std::move(jobs_.front());
        jobs_.pop_front();
        lock.unlock();
        job();
        lock.lock();
      }
    }
  }
  void swap_jobs(Pool &other) {
    std::unique_lock<std::mutex> mine(mu_, std::defer_lock);
    std::unique_lock<std::mutex> theirs(other.mu_, std::defer_lock);
    std::lock(mine, theirs);
    jobs_.swap(other.jobs_);
  }
  void adopt() {
    mu_.lock();
    std::lock_guard<std::mutex> guard(mu_, std::adopt_lock);
    jobs_.clear();
  }
  std::unique_lock<std::mutex> hold() {
    std::unique_lock<std::mutex> lock(mu_);
    return lock;
  }

private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  bool stop_ = false;
};
