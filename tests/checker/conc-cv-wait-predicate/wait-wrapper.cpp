// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// A forwarding wrapper (leveldb's port::CondVar: the caller's lock adopted,
// or a pthread mutex the function never locks) hands the duty to loop to
// its callers: the wait inside it is silent.
#include <condition_variable>
#include <mutex>
#include <pthread.h>

namespace port {
class Mutex {
public:
  void Lock() { mu_.lock(); }
  void Unlock() { mu_.unlock(); }

private:
  friend class CondVar;
  std::mutex mu_;
};

class CondVar {
public:
  explicit CondVar(Mutex *mu) : mu_(mu) {}
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_->mu_, std::adopt_lock);
    cv_.wait(lock);
    lock.release();
  }
  void Signal() { cv_.notify_one(); }

private:
  std::condition_variable cv_;
  Mutex *const mu_;
};
} // namespace port

struct PosixCondVar {
  pthread_cond_t cv;
  pthread_mutex_t *mu;
  void TimedWait(const timespec *deadline) { pthread_cond_timedwait(&cv, mu, deadline); }
};
