// RUN: %check_conc_tidy %s conc-manual-lock %t
// Release functions whose callers hold the lock: an exported one that no
// code of this file calls (other files lock first), one whose caller holds
// the lock, one called one call deeper from a caller that holds it, and a
// static lock whose address other code of the project may lock through.
#include <pthread.h>

pthread_mutex_t db_mu = PTHREAD_MUTEX_INITIALIZER;

void db_unlock(void) { pthread_mutex_unlock(&db_mu); }

static pthread_mutex_t table_mu = PTHREAD_MUTEX_INITIALIZER;
static int rows;

static void release_table(void) { pthread_mutex_unlock(&table_mu); }
static void finish_rows(void) {
  ++rows;
  release_table();
}

void add_row(void) {
  pthread_mutex_lock(&table_mu);
  ++rows;
  finish_rows();
}

static pthread_mutex_t shared_mu = PTHREAD_MUTEX_INITIALIZER;
void register_lock(pthread_mutex_t *mu);

void setup(void) { register_lock(&shared_mu); }
void leave_shared(void) { pthread_mutex_unlock(&shared_mu); }
