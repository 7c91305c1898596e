// RUN: %check_conc_tidy %s conc-manual-lock %t
// The lock of silent-lock-held-across-analyzer-noreturn-assert.cpp held
// across a failure handler declared without analyzer_noreturn, or across an
// analyzer_noreturn assertion and another call that may throw: the lock is
// held on an exception path. Reported.
#include <pthread.h>

void zmq_abort(const char *errmsg) __attribute__((analyzer_noreturn));
void log_failure(const char *what);
void resize(int n);

#define zmq_assert(x)                                                          \
  do {                                                                         \
    if (!(x))                                                                  \
      zmq_abort(#x);                                                           \
  } while (false)

pthread_mutex_t sync_lock = PTHREAD_MUTEX_INITIALIZER;
int size;

void drain(int n) {
  pthread_mutex_lock(&sync_lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sync_lock' is locked here and still held on an exception path out of the function; unlock it on every path, or use a guard [conc-manual-lock]
  zmq_assert(size >= 0);
  resize(n);
  pthread_mutex_unlock(&sync_lock);
}

void report() {
  pthread_mutex_lock(&sync_lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sync_lock' is locked here and still held on an exception path out of the function; unlock it on every path, or use a guard [conc-manual-lock]
  if (size != 0)
    log_failure("size");
  pthread_mutex_unlock(&sync_lock);
}
