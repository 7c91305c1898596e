// RUN: %check_conc_tidy %s conc-manual-lock %t
// The shape of TBB's mutex::scoped_lock::internal_acquire: the lock call's
// result is kept in a variable, and the error path (where nothing was
// locked) throws. Silent (it was a false positive); an exit after success
// without unlocking is still reported.
#include <pthread.h>
#include <stdexcept>

[[gnu::cold]] void handle_perror(int error_code, const char *what) {
  throw std::runtime_error(what);
}

struct Mutex {
  pthread_mutex_t impl;
};

void acquire_into(Mutex &m, Mutex **holder) {
  int error_code = pthread_mutex_lock(&m.impl);
  if (error_code)
    handle_perror(error_code, "pthread_mutex_lock failed");
  *holder = &m;
}

int checked_update(Mutex &m, int *value) {
  int rc = pthread_mutex_lock(&m.impl);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'm.impl' is locked here and still held on a way out of the function
  if (rc != 0)
    return rc;
  if (*value < 0)
    return -1;
  ++*value;
  pthread_mutex_unlock(&m.impl);
  return 0;
}
