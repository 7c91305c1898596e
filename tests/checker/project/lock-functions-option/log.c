#include "locks.h"

static int entries;

void log_append(void) {
  lock_acquire(log_lock);
  ++entries;
  lock_release(log_lock);
}

void log_rotate(void) {
  lock_acquire(log_lock);
  entries = 0;
  table_compact();
  lock_release(log_lock);
}
