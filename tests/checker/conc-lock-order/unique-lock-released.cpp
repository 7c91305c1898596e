// RUN: %check_conc_tidy %s conc-lock-order %t
// The unique_lock on the first mutex is unlocked before the second one is
// taken, and the other function nests them in the same order: silent.
#include <mutex>

std::mutex jobs_mu, results_mu;
int jobs, results;

void worker() {
  std::unique_lock<std::mutex> jobs_lock(jobs_mu);
  int job = jobs--;
  jobs_lock.unlock();
  std::lock_guard<std::mutex> results_lock(results_mu);
  results += job;
}

void drain() {
  std::unique_lock<std::mutex> jobs_lock(jobs_mu);
  std::unique_lock<std::mutex> results_lock(results_mu);
  results += jobs;
  jobs = 0;
}

void relock_in_order() {
  std::unique_lock<std::mutex> results_lock(results_mu, std::defer_lock);
  std::unique_lock<std::mutex> jobs_lock(jobs_mu);
  results_lock.lock();
  results = jobs;
}
