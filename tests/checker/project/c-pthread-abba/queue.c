#include "queue.h"

pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static int jobs;

void queue_push(void) {
  pthread_mutex_lock(&queue_lock);
  ++jobs;
  stats_count_job();
  pthread_mutex_unlock(&queue_lock);
}

void queue_drain(void) {
  pthread_mutex_lock(&queue_lock);
  jobs = 0;
  pthread_mutex_unlock(&queue_lock);
}
