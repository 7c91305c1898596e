// RUN: %check_conc_tidy %s conc-manual-lock %t
// Found in libzmq (mailbox_safe.cpp): recv() runs under its caller's hold of
// a lock class made recursive in its constructor, and with a zero timeout
// lets go of the lock and takes it back. The lock is its caller's, held as
// the caller left it on every way out: silent, as for a plain mutex.
#include <pthread.h>
class mutex_t {
public:
  mutex_t() {
    pthread_mutexattr_init(&attr_);
    pthread_mutexattr_settype(&attr_, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&mutex_, &attr_);
  }
  void lock() { pthread_mutex_lock(&mutex_); }
  void unlock() { pthread_mutex_unlock(&mutex_); }
private:
  pthread_mutex_t mutex_;
  pthread_mutexattr_t attr_;
};
bool read_cmd(int *) noexcept;
class mailbox_t {
public:
  // Requires _sync held by the caller.
  int recv(int *cmd, int timeout) noexcept {
    if (read_cmd(cmd))
      return 0;
    if (timeout == 0) {
      _sync->unlock();
      _sync->lock();
    }
    if (!read_cmd(cmd))
      return -1;
    return 0;
  }
private:
  mutex_t *_sync;
};
