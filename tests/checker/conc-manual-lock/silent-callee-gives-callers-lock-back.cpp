// RUN: %check_conc_tidy %s conc-manual-lock %t
// C++ form of the curl thread pool's helpers: a function template that
// runs under its caller's lock, lets go of it around each join and takes it
// back, called by a function that runs under its own caller's lock and may
// release it with the last reference. The lock is as the caller left it.
// Silent.
#include <pthread.h>

struct Pool {
  pthread_mutex_t lock;
  int zombies;
  int idle;
  int refs;
};

void join_one(Pool &p) noexcept;
bool start_thread(Pool &p) noexcept;
void free_pool(Pool &p) noexcept;

// Requires p.lock held.
template <class P> void join_zombies(P &p) noexcept {
  while (p.zombies) {
    --p.zombies;
    pthread_mutex_unlock(&p.lock);
    join_one(p);
    pthread_mutex_lock(&p.lock);
  }
}

// Requires p.lock held; releases it, and frees p, with the last reference.
static bool unref(Pool &p) noexcept {
  if (--p.refs)
    return false;
  pthread_mutex_unlock(&p.lock);
  free_pool(p);
  return true;
}

// Requires p.lock held.
int signal_pool(Pool &p) noexcept {
  join_zombies(p);
  if (p.idle == 0 && !start_thread(p))
    return unref(p) ? -1 : 0;
  return p.idle;
}
