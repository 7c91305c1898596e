// RUN: %check_conc_tidy %s conc-manual-lock %t
// A lock class made recursive, locked by the function itself and left
// locked on an early return: the relock rule for the caller's lock does
// not apply, the lock stays held. Reported.
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
  int recv(int *cmd) noexcept {
    sync_->lock();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'sync_' is locked here and still held on a way out of the function; unlock it on every path, or use a guard
    if (!read_cmd(cmd))
      return -1;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'sync_' is still held when this return is taken
    sync_->unlock();
    return 0;
  }

private:
  mutex_t *sync_;
};
