// RUN: %check_conc_tidy %s conc-manual-lock %t
// A member function that releases the lock exactly when it returns true;
// its caller releases it again on that branch (and not on the other). Both
// mistakes are reported.
#include <pthread.h>

class Pool {
public:
  void destroy() noexcept {
    pthread_mutex_lock(&lock_);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'lock_' is locked here and still held on a way out of the function; unlock it on every path, or use a guard
    // CHECK-NOTES: :[[@LINE+5]]:3: note: 'lock_' is still held when the function returns
    if (unlink())
      pthread_mutex_unlock(&lock_);
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'lock_' is unlocked here, but it is not held on this path
    // CHECK-NOTES: :[[@LINE-3]]:9: note: 'unlink', called here, unlocks it
  }

private:
  // Releases lock_ with the last reference.
  bool unlink() noexcept {
    if (--refs_ > 0)
      return false;
    pthread_mutex_unlock(&lock_);
    return true;
  }
  pthread_mutex_t lock_ = PTHREAD_MUTEX_INITIALIZER;
  int refs_ = 1;
};
