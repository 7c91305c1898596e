// Included by two translation units: its finding must be reported once.
#pragma once
#include <pthread.h>

inline void waitOnce(pthread_cond_t *Ready, pthread_mutex_t *Mu, const bool *Done) {
  pthread_mutex_lock(Mu);
  if (!*Done)
    pthread_cond_wait(Ready, Mu);
  pthread_mutex_unlock(Mu);
}
