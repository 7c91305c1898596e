// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// pthreads joined on every path where they exist.
#include <pthread.h>
#include <vector>

void *run(void *);
void report(int) noexcept;

int one() {
  pthread_t tid;
  int rc = pthread_create(&tid, nullptr, run, nullptr);
  if (rc != 0) {
    report(rc);
    return rc;
  }
  pthread_join(tid, nullptr);
  return 0;
}

int checked_inline() {
  pthread_t tid;
  if (pthread_create(&tid, nullptr, run, nullptr))
    return -1;
  pthread_join(tid, nullptr);
  return 0;
}

void many(int n) {
  std::vector<pthread_t> ids(n);
  for (int i = 0; i < n; ++i)
    pthread_create(&ids[i], nullptr, run, nullptr);
  for (int i = 0; i < n; ++i)
    pthread_join(ids[i], nullptr);
}

void handed_over(std::vector<pthread_t> &owner) {
  pthread_t tid;
  if (pthread_create(&tid, nullptr, run, nullptr) == 0)
    owner.push_back(tid);
}

void detached_by_attribute() {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t tid;
  pthread_create(&tid, &attr, run, nullptr);
  pthread_attr_destroy(&attr);
}
