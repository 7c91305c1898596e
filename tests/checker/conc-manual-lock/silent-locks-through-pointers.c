// RUN: %check_conc_tidy %s conc-manual-lock %t
// Locks taken through one name and released through another that points
// to the same lock: a pointer to a global, a second pointer to a malloc'ed
// struct, and a pointer chosen between two locks, released through itself.
#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t stats_mu = PTHREAD_MUTEX_INITIALIZER;
static long hits;

void count(void) {
  pthread_mutex_t *m = &stats_mu;
  pthread_mutex_lock(m);
  ++hits;
  pthread_mutex_unlock(&stats_mu);
}

struct conn {
  pthread_mutex_t mu;
  int open;
};

struct conn *conn_open(void) {
  struct conn *c = malloc(sizeof *c);
  if (c == NULL)
    return NULL;
  pthread_mutex_init(&c->mu, NULL);
  struct conn *same = c;
  pthread_mutex_lock(&c->mu);
  c->open = 1;
  pthread_mutex_unlock(&same->mu);
  return c;
}

static pthread_mutex_t read_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t write_mu = PTHREAD_MUTEX_INITIALIZER;

void touch(int writing) {
  pthread_mutex_t *m = writing ? &write_mu : &read_mu;
  pthread_mutex_lock(m);
  ++hits;
  pthread_mutex_unlock(m);
}
