// RUN: %check_conc_tidy %s conc-copied-mutex %t
// A copy whose locks are initialised again only in part, only on some
// paths, after the block may be left, or before the copy: the copied lock
// is still somebody's. Reported.
#include <pthread.h>
#include <stdlib.h>
#include <threads.h>

struct conf {
  int retries;
  mtx_t lock;
};

struct client {
  struct conf conf;
  pthread_mutex_t state_lock;
};

int check(const struct client *c);

struct client *clone_half(const struct client *from) {
  struct client *c = calloc(1, sizeof(*c));
  *c = *from;
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: assignment copies 'struct client', which holds the lock 'conf.lock' ('mtx_t')
  pthread_mutex_init(&c->state_lock, NULL);
  return c;
}

struct client *clone_if(const struct client *from, int fresh) {
  struct client *c = calloc(1, sizeof(*c));
  *c = *from;
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: assignment copies 'struct client', which holds the lock 'conf.lock' ('mtx_t')
  if (fresh) {
    pthread_mutex_init(&c->state_lock, NULL);
    mtx_init(&c->conf.lock, mtx_plain);
  }
  return c;
}

struct client *clone_checked(const struct client *from) {
  struct client *c = calloc(1, sizeof(*c));
  *c = *from;
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: assignment copies 'struct client', which holds the lock 'conf.lock' ('mtx_t')
  if (check(c))
    return NULL;
  pthread_mutex_init(&c->state_lock, NULL);
  mtx_init(&c->conf.lock, mtx_plain);
  return c;
}

void copy_into(struct client *to, const struct client *from) {
  pthread_mutex_init(&to->state_lock, NULL);
  mtx_init(&to->conf.lock, mtx_plain);
  *to = *from;
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: assignment copies 'struct client', which holds the lock 'conf.lock' ('mtx_t')
}

void copy_other(struct client *a, struct client *b, const struct client *from) {
  *a = *from;
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: assignment copies 'struct client', which holds the lock 'conf.lock' ('mtx_t')
  pthread_mutex_init(&b->state_lock, NULL);
  mtx_init(&b->conf.lock, mtx_plain);
}
