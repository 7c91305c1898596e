// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// A loop whose counter runs from a constant to a constant runs a known
// number of times: a join inside a loop that runs once is never skipped.
#include <pthread.h>
#include <thread>

void work() noexcept;
void *run(void *);

void once() {
  std::thread t(work);
  for (int i = 0; i < 1; ++i)
    t.join();
}

// Variant: pthreads, counting down, the counter declared before the loop.
void pthread_counting_down() {
  pthread_t tid;
  pthread_create(&tid, nullptr, run, nullptr);
  int i;
  for (i = 5; i >= 5; i--)
    pthread_join(tid, nullptr);
}

// Variant: a template whose bound is a template argument.
template <int Rounds> void rounds() {
  std::thread t(work);
  for (int i = 0; i < Rounds; ++i)
    t.join();
}
template void rounds<1>();

// Variant: inside a lambda, stepping by two.
auto in_a_lambda = [] {
  std::thread t(work);
  for (unsigned i = 0; i < 2; i += 2)
    t.join();
};
