// RUN: %check_conc_tidy %s conc-manual-lock %t
// C: a lock taken again only under `if (use_nested)` where use_nested is a
// local initialised to 0 that nothing writes, and an unlock under a
// condition fixed true (`enabled == 1`): the paths the checks would warn
// about do not exist. Silent.
#include <pthread.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int counter;

void bump(void) {
  int use_nested = 0;
  pthread_mutex_lock(&lock);
  if (use_nested)
    pthread_mutex_lock(&lock);
  counter++;
  pthread_mutex_unlock(&lock);
}

int bump_checked(void) {
  int enabled = 1;
  pthread_mutex_lock(&lock);
  counter++;
  if (enabled == 1)
    pthread_mutex_unlock(&lock);
  return counter;
}
