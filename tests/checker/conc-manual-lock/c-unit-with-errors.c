// RUN: %check_conc_tidy %s conc-manual-lock %t
// C: a function with an invalid local (an unknown type) is not analysed,
// whether it locks directly or through a macro; a function beside it is.
#include <pthread.h>

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
#define LOCK_TABLE() pthread_mutex_lock(&table_lock)

int broken_lookup(int key) {
  LOCK_TABLE();
  table_entry_t *entry = 0;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: error: use of undeclared identifier 'table_entry_t' [clang-diagnostic-error]
  // CHECK-MESSAGES: :[[@LINE-2]]:18: error: use of undeclared identifier 'entry' [clang-diagnostic-error]
  return key;
}

int lookup(int key) {
  pthread_mutex_lock(&table_lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'table_lock' is locked here and still held on a way out of the function; unlock it on every path [conc-manual-lock]
  if (key < 0)
    return -1;
  pthread_mutex_unlock(&table_lock);
  return key;
}
