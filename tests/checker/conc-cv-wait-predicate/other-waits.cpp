// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// Waits that are not condition-variable waits have no spurious wake-ups:
// futures, latches, barriers, semaphores, atomics, a user's own wait().
#include <atomic>
#include <barrier>
#include <future>
#include <latch>
#include <semaphore>

struct Job {
  void wait();
};

void waits(std::future<int> &f, std::latch &l, std::barrier<> &b,
           std::counting_semaphore<4> &s, std::atomic<int> &a, Job &job) {
  f.wait();
  l.wait();
  b.arrive_and_wait();
  s.acquire();
  a.wait(0);
  job.wait();
}
