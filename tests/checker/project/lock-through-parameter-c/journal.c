#include "store.h"

pthread_mutex_t journal_mu = PTHREAD_MUTEX_INITIALIZER;

void rebuild_index(void) {
  pthread_mutex_lock(&journal_mu);
  append_locked(&index_mu);
  pthread_mutex_unlock(&journal_mu);
}
