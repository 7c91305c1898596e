#include "locks.h"

static int rows;

void table_insert(void) {
  lock_acquire(table_lock);
  ++rows;
  log_append();
  lock_release(table_lock);
}

void table_compact(void) {
  lock_acquire(table_lock);
  rows = 0;
  lock_release(table_lock);
}
