#include "queue.h"

pthread_mutex_t ProducerMu = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t ProducerCv = PTHREAD_COND_INITIALIZER;

void produce() {
  pthread_mutex_lock(&ProducerMu);
  pthread_cond_wait(&ProducerCv, &ProducerMu);
  pthread_mutex_unlock(&ProducerMu);
}
