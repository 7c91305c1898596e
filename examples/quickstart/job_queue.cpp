// A first taste of conc-tidy: a job queue with a classic condition-variable
// bug. `scripts/demo.sh` lints this file; docs/checks/ explains each finding.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

class JobQueue {
public:
  void push(std::function<void()> job) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      jobs_.push_back(std::move(job));
    }
    ready_.notify_one();
  }

  // BUG: a spurious wake-up (or a second consumer taking the job first)
  // lets pop() read front() of an empty queue.
  std::function<void()> pop() {
    std::unique_lock<std::mutex> lock(mu_);
    if (jobs_.empty())
      ready_.wait(lock);
    std::function<void()> job = std::move(jobs_.front());
    jobs_.pop_front();
    return job;
  }

private:
  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
};

int main() {
  JobQueue queue;
  std::jthread consumer([&queue] { queue.pop()(); });
  queue.push([] {});
}
