// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// Threads joined one after the other. join() throws only on a programming
// error (joining a thread that is not joinable), and so do detach, notify_*,
// unlock and the pthread_* functions: none of them is a way out of the
// scope while the next thread is still joinable (MayThrow.h's one list).
#include <condition_variable>
#include <mutex>
#include <pthread.h>
#include <thread>
#include <vector>

void work() noexcept;
void *run(void *);

void two_threads() {
  std::thread a(work);
  std::thread b(work);
  a.join();
  b.join();
}

void two_pthreads() {
  pthread_t a, b;
  pthread_create(&a, nullptr, run, nullptr);
  pthread_create(&b, nullptr, run, nullptr);
  pthread_join(a, nullptr);
  pthread_join(b, nullptr);
}

// Variant: wake-ups and unlocks between the joins.
void notify_and_unlock_between(std::unique_lock<std::mutex> &held,
                               std::condition_variable &cv) {
  std::thread a(work);
  std::thread b(work);
  cv.notify_all();
  held.unlock();
  a.join();
  cv.notify_one();
  b.detach();
}

// Variant: a template, instantiated.
template <class Fn> void run_both(Fn fn) {
  std::thread a(fn);
  std::thread b(fn);
  a.join();
  b.join();
}
template void run_both<void (*)()>(void (*)());

// Variant: a lambda; the threads in a container joined before a last one.
void in_a_lambda() {
  auto go = [] {
    std::vector<std::thread> pool;
    pool.emplace_back(work);
    std::thread last(work);
    for (std::thread &t : pool)
      t.join();
    last.join();
  };
  go();
}

// Variant: a helper one call deeper whose body only joins.
static void join_one(std::thread &t) { t.join(); }
void through_a_helper() {
  std::thread a(work);
  std::thread b(work);
  join_one(a);
  join_one(b);
}
