// RUN: %check_conc_tidy %s conc-manual-lock %t
// Unlocks of a lock that no code holds there: a static of the function
// that it never locks, a file-static lock that nothing in the file locks,
// and a global unlocked by a helper whose only caller (through a macro) is
// called, one call deeper, after the lock was released.
#include <pthread.h>

void reset_counters(void) {
  static pthread_mutex_t counters_mu = PTHREAD_MUTEX_INITIALIZER;
  pthread_mutex_unlock(&counters_mu);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'counters_mu' is unlocked here, but it is not held on this path [conc-manual-lock]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: 'counters_mu' is a static of this function, which never locks it
}

static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;

void drop_cache(void) {
  pthread_mutex_unlock(&cache_mu);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'cache_mu' is unlocked here, but it is not held on this path [conc-manual-lock]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: nothing in this file locks 'cache_mu'
}

pthread_mutex_t table_mu = PTHREAD_MUTEX_INITIALIZER;
int rows;

void lock_table(void) { pthread_mutex_lock(&table_mu); }

static void release_table(void) {
  pthread_mutex_unlock(&table_mu);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'table_mu' is unlocked here, but it is not held on this path [conc-manual-lock]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: 'release_table' never locks 'table_mu', and no call of 'release_table' in this file holds it
}

#define FINISH() release_table()

static void finish_rows(void) {
  ++rows;
  FINISH();
}

void add_row(void) {
  lock_table();
  ++rows;
  pthread_mutex_unlock(&table_mu);
  finish_rows();
}
