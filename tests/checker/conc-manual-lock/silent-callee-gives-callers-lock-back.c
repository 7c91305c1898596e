// RUN: %check_conc_tidy %s conc-manual-lock %t
// Found in curl (thrdpool.c): a helper that runs under its caller's lock
// lets go of it around each join and takes it back. A function that calls
// it under its own caller's lock (and may release that lock with the last
// reference), and one that holds the lock itself around the call and
// releases it, leave the lock as they found it. Silent.
#include <pthread.h>

struct pool {
  pthread_mutex_t lock;
  int zombies;
  int idle;
  int refs;
};

void join_one(struct pool *p);
int start_thread(struct pool *p);
void free_pool(struct pool *p);

/* Requires p->lock held. */
static void join_zombies(struct pool *p) {
  while (p->zombies) {
    --p->zombies;
    pthread_mutex_unlock(&p->lock);
    join_one(p);
    pthread_mutex_lock(&p->lock);
  }
}

/* Requires p->lock held; releases it, and frees p, with the last
   reference. */
static int pool_unref(struct pool *p) {
  if (--p->refs)
    return 0;
  pthread_mutex_unlock(&p->lock);
  free_pool(p);
  return 1;
}

/* Requires p->lock held. */
int pool_signal(struct pool *p) {
  join_zombies(p);
  if (p->idle == 0 && start_thread(p) != 0)
    return pool_unref(p);
  return p->idle;
}

int pool_idle(struct pool *p) {
  pthread_mutex_lock(&p->lock);
  join_zombies(p);
  int idle = p->idle;
  pthread_mutex_unlock(&p->lock);
  return idle;
}
