// RUN: %check_conc_tidy %s conc-manual-lock %t
// C++ forms of a release callback that gets its lock as a `void *`: a
// static member function (static_cast to a local) and a function template
// (a C-style cast). The lock is the caller's: silent.
#include <pthread.h>

class Locking {
public:
  static int release(void *arg) {
    auto *mutex = static_cast<pthread_mutex_t *>(arg);
    return pthread_mutex_unlock(mutex);
  }
};

template <class Mutex> int release_any(void *arg) {
  Mutex *mutex = (Mutex *)arg;
  return pthread_mutex_unlock(mutex);
}

template int release_any<pthread_mutex_t>(void *);
