// RUN: %check_conc_tidy %s conc-manual-lock %t
// Shapes from abseil: a holder whose constructor locks (and tests the
// result), a helper whose constructor unlocks and destructor relocks, and
// a lock class of the project used by hand around calls that cannot throw
// (a helper of this file with no throw in it). All silent; these were false
// positives.
#include <pthread.h>
#include <stdint.h>

void fatal(const char *what, int err); // logs and aborts; not declared so

class PthreadMutexHolder {
public:
  explicit PthreadMutexHolder(pthread_mutex_t *mu) : mu_(mu) {
    const int err = pthread_mutex_lock(mu_);
    if (err != 0)
      fatal("pthread_mutex_lock failed", err);
  }
  ~PthreadMutexHolder() { pthread_mutex_unlock(mu_); }
  PthreadMutexHolder(const PthreadMutexHolder &) = delete;
  PthreadMutexHolder &operator=(const PthreadMutexHolder &) = delete;

private:
  pthread_mutex_t *mu_;
};

class SpinLock {
public:
  void lock();
  void unlock();
  SpinLock() = default;
  SpinLock(const SpinLock &) = delete;
};

class Relock {
public:
  explicit Relock(SpinLock &mu) : mu_(mu) { mu_.unlock(); }
  ~Relock() { mu_.lock(); }

private:
  SpinLock &mu_;
};

static SpinLock table_mu;
static uintptr_t table[64];

static uintptr_t hide(const void *p) {
  return reinterpret_cast<uintptr_t>(p) ^ 0xF03A5F7BF03A5F7Bu;
}

void remember(const void *p) {
  table_mu.lock();
  table[hide(p) % 64] = hide(p);
  table_mu.unlock();
}
