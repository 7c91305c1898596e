// RUN: %check_conc_tidy %s conc-manual-lock %t
// Found in libzmq (mutex.hpp, ctx.cpp): a lock class whose constructor makes
// its pthread mutex recursive (PTHREAD_MUTEX_RECURSIVE on the attribute
// it initialises the mutex with). A method that holds it and calls another
// that locks it again does not deadlock. Silent.
#include <pthread.h>

class mutex_t {
public:
  mutex_t() {
    pthread_mutexattr_init(&attr_);
    pthread_mutexattr_settype(&attr_, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&mutex_, &attr_);
  }
  ~mutex_t() {
    pthread_mutex_destroy(&mutex_);
    pthread_mutexattr_destroy(&attr_);
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
    slot_sync_.unlock();
    return last;
  }

private:
  mutex_t slot_sync_;
  int sockets_ = 0;
};
