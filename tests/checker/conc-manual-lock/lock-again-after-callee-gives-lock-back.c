// RUN: %check_conc_tidy %s conc-manual-lock %t
// The helper gives the caller's lock back held; a caller that then locks it
// again deadlocks on itself. Reported.
#include <pthread.h>

struct pool {
  pthread_mutex_t lock;
  int zombies;
};

void join_one(struct pool *p);

static void join_zombies(struct pool *p) {
  while (p->zombies) {
    --p->zombies;
    pthread_mutex_unlock(&p->lock);
    join_one(p);
    pthread_mutex_lock(&p->lock);
  }
}

void pool_reap_twice(struct pool *p) {
  pthread_mutex_lock(&p->lock);
  join_zombies(p);
  pthread_mutex_lock(&p->lock);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'p.lock' is locked while it is already held on this path: a non-recursive lock deadlocks on itself
  // CHECK-NOTES: :[[@LINE-4]]:3: note: 'p.lock' was locked here
  pthread_mutex_unlock(&p->lock);
}
