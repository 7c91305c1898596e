#include "store.h"

pthread_mutex_t index_mu = PTHREAD_MUTEX_INITIALIZER;

void compact_index(void) {
  pthread_mutex_lock(&index_mu);
  append_locked(&journal_mu);
  pthread_mutex_unlock(&index_mu);
}
