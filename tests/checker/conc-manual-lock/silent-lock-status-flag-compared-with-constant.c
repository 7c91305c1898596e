// RUN: %check_conc_tidy %s conc-manual-lock %t
// The flag compared with a constant: `held == 1` is false only when the
// flag is 0, since 1 is the only other value it is ever given; `held != 0`
// is the flag itself. Both tests tell which way the lock is.
#include <pthread.h>

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
int lookup(int key);
void remember(int key, int value);

int find(int key) {
  int held = 0, found;
  pthread_mutex_lock(&table_lock);
  held = 1;
  found = lookup(key);
  if (found < 0) {
    pthread_mutex_unlock(&table_lock);
    held = 0;
    found = lookup(-key);
  }
  if (held == 1)
    pthread_mutex_unlock(&table_lock);
  return found;
}

int find_or_remember(int key) {
  int held = 0, found;
  pthread_mutex_lock(&table_lock);
  held = 1;
  found = lookup(key);
  if (found >= 0) {
    pthread_mutex_unlock(&table_lock);
    held = 0;
  }
  if (held != 0) {
    remember(key, 0);
    pthread_mutex_unlock(&table_lock);
  }
  return found;
}
