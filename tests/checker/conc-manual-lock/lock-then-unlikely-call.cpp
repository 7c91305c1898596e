// RUN: %check_conc_tidy %s conc-manual-lock %t
// unlikely() around something other than the lock call's result: the call
// it guards runs with the lock held, and may throw. Still reported.
#include <pthread.h>

#define unlikely(x) __builtin_expect(!!(x), 0)
void fatal(const char *what); // defined in another file: may throw here

class Mutex {
public:
  void lock_and_trace() {
    int rc = pthread_mutex_lock(&m_);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'm_' is locked here and still held on an exception path out of the function; unlock it on every path, or use a guard [conc-manual-lock]
    if (unlikely(tracing_))
      fatal("locked");
    (void)rc;
  }
  void unlock() { pthread_mutex_unlock(&m_); }

private:
  pthread_mutex_t m_ = PTHREAD_MUTEX_INITIALIZER;
  bool tracing_ = false;
};
