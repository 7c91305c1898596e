/* C built with the same flags: analysed, no finding. */
#include <pthread.h>

static pthread_mutex_t legacy_mu = PTHREAD_MUTEX_INITIALIZER;
static int legacy_total;

void legacy_add(int value) {
  pthread_mutex_lock(&legacy_mu);
  legacy_total += value;
  pthread_mutex_unlock(&legacy_mu);
}
