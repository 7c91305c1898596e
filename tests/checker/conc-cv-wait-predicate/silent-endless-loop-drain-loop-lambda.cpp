// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// A thread body written as a lambda in a function template: the endless
// loop's drain loop (a `for` whose condition reads the shared queue) tests
// the queue after every wake-up. Silent.
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

template <class Job>
std::thread start_worker(std::mutex &mu, std::condition_variable &cv,
                         std::deque<Job> &jobs) {
  return std::thread([&] {
    std::unique_lock<std::mutex> lk(mu);
    while (true) {
      for (; !jobs.empty(); jobs.pop_front())
        jobs.front()();
      cv.wait(lk);
    }
  });
}

struct Task {
  void operator()() const;
};

std::thread start(std::mutex &mu, std::condition_variable &cv,
                  std::deque<Task> &jobs) {
  return start_worker(mu, cv, jobs);
}
