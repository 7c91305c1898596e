// RUN: %check_conc_tidy %s conc-copied-mutex %t
// Initializing a lock is no copy of anybody's lock: the static initializer,
// a compound literal, pthread_mutex_init.
#include <pthread.h>

struct account {
  int balance;
  pthread_mutex_t mu;
};

static pthread_mutex_t global = PTHREAD_MUTEX_INITIALIZER;
static struct account first = {0, PTHREAD_MUTEX_INITIALIZER};

void reset(struct account *a) {
  *a = (struct account){.balance = 0, .mu = PTHREAD_MUTEX_INITIALIZER};
}

void init(struct account *a) {
  a->balance = 0;
  pthread_mutex_init(&a->mu, NULL);
}

void touch(void) {
  pthread_mutex_lock(&global);
  first.balance++;
  pthread_mutex_unlock(&global);
}
