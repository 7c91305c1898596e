#include "queue.h"

pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static int counted;

void stats_count_job(void) {
  pthread_mutex_lock(&stats_lock);
  ++counted;
  pthread_mutex_unlock(&stats_lock);
}

void stats_reset(void) {
  pthread_mutex_lock(&stats_lock);
  counted = 0;
  queue_drain();
  pthread_mutex_unlock(&stats_lock);
}
