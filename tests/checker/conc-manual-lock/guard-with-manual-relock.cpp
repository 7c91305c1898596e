// RUN: %check_conc_tidy %s conc-manual-lock %t
// The shape of leveldb's DBImpl::Write: a guard holds the mutex, the body
// unlocks it by hand around slow work and relocks it before the guard's
// end. Silent (it was a false positive); relocking while the guard still
// holds it deadlocks and is reported.
#include <mutex>

class MutexLock {
public:
  explicit MutexLock(std::mutex *mu) : mu_(mu) { mu_->lock(); }
  ~MutexLock() { mu_->unlock(); }

private:
  std::mutex *const mu_;
};

class Db {
public:
  int write(int batch) {
    MutexLock l(&mutex_);
    pending_ += batch;
    {
      mutex_.unlock();
      int status = log(batch);
      mutex_.lock();
      if (status != 0)
        return status;
    }
    --pending_;
    return 0;
  }
  void broken() {
    std::unique_lock<std::mutex> l(mutex_);
    mutex_.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'mutex_' is locked while it is already held on this path: a non-recursive lock deadlocks on itself [conc-manual-lock]
  }

private:
  int log(int batch);
  std::mutex mutex_;
  int pending_ = 0;
};
