// RUN: %check_conc_tidy %s conc-manual-lock %t
// Balanced pthread locking inside a thread lambda and a loop, and a
// condition wait that keeps the mutex held: silent.
#include <pthread.h>
#include <thread>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready = PTHREAD_COND_INITIALIZER;
static int items;

void produce(int n) {
  for (int i = 0; i < n; ++i) {
    pthread_mutex_lock(&mu);
    ++items;
    pthread_cond_signal(&ready);
    pthread_mutex_unlock(&mu);
  }
}

int consume() {
  pthread_mutex_lock(&mu);
  while (items == 0)
    pthread_cond_wait(&ready, &mu);
  int taken = items--;
  pthread_mutex_unlock(&mu);
  return taken;
}

void run() {
  std::thread t([] {
    pthread_mutex_lock(&mu);
    items = 0;
    pthread_mutex_unlock(&mu);
  });
  t.join();
}
