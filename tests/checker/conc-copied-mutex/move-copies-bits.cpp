// RUN: %check_conc_tidy %s conc-copied-mutex %t
// std::move does not help: the implicit move constructor of a struct that
// holds a pthread mutex copies the mutex bit by bit.
#include <pthread.h>
#include <utility>
#include <vector>

struct Job {
  pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  int id = 0;
};

Job take(Job &job) {
  Job moved = std::move(job);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: initialization of 'moved' copies 'Job', which holds the lock 'mu'
  return moved; // Constructed in place (NRVO): no second copy.
}

Job give(Job &job) {
  return std::move(job);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: returning 'job' by value copies 'Job'
}
