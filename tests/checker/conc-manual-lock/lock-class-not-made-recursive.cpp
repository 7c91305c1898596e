// RUN: %check_conc_tidy %s conc-manual-lock %t
// The same lock class, but its constructor sets the attribute to
// PTHREAD_MUTEX_ERRORCHECK: a relock by the holder fails (or deadlocks with
// the default type). The method that calls its sibling under the lock is
// reported.
#include <pthread.h>

class mutex_t {
public:
  mutex_t() {
    pthread_mutexattr_init(&attr_);
    pthread_mutexattr_settype(&attr_, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&mutex_, &attr_);
  }
  void lock() { pthread_mutex_lock(&mutex_); }
  void unlock() { pthread_mutex_unlock(&mutex_); }

private:
  pthread_mutex_t mutex_;
  pthread_mutexattr_t attr_;
};

class ctx_t {
public:
  int create_socket() {
    slot_sync_.lock();
    int id = ++sockets_;
    slot_sync_.unlock();
    return id;
  }
  int terminate() {
    slot_sync_.lock();
    int last = create_socket();
    // CHECK-NOTES: :[[@LINE-1]]:16: warning: 'slot_sync_' is locked again in 'create_socket', called here while it is held: a non-recursive lock deadlocks on itself
    // CHECK-NOTES: :[[@LINE-3]]:5: note: 'slot_sync_' was locked here
    // CHECK-NOTES: :[[@LINE-10]]:5: note: 'create_socket' locks it here
    slot_sync_.unlock();
    return last;
  }

private:
  mutex_t slot_sync_;
  int sockets_ = 0;
};
