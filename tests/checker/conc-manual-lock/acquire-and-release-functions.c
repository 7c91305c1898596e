// RUN: %check_conc_tidy %s conc-manual-lock %t
// Helpers that only lock (named for it) or only unlock (the lock is handed
// in held), and the functions that pair them: silent.
#include <pthread.h>

static pthread_mutex_t table_mu = PTHREAD_MUTEX_INITIALIZER;
static int rows;

void lock_table(void) { pthread_mutex_lock(&table_mu); }
void unlock_table(void) { pthread_mutex_unlock(&table_mu); }

void finish_and_release(pthread_mutex_t *held) {
  ++rows;
  pthread_mutex_unlock(held);
}

int acquire_if_free(void) {
  return pthread_mutex_trylock(&table_mu) == 0;
}

void insert(void) {
  lock_table();
  ++rows;
  unlock_table();
}
