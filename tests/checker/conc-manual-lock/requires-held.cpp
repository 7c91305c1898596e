// RUN: %check_conc_tidy %s conc-manual-lock %t
// A method that its caller calls with the lock held: it unlocks around slow
// work and relocks before returning. And an RAII guard written by hand.
#include <mutex>

class Db {
public:
  // Requires mu_ held.
  void compact() {
    mu_.unlock();
    slow_io();
    mu_.lock();
  }
  // Requires mu_ held; gives it back on every path.
  bool maybe_flush(bool now) {
    if (!now)
      return false;
    mu_.unlock();
    slow_io();
    mu_.lock();
    return true;
  }
  void slow_io();

private:
  std::mutex mu_;
};

class MutexLock {
public:
  explicit MutexLock(std::mutex *mu) : mu_(mu) { mu_->lock(); }
  ~MutexLock() { mu_->unlock(); }
  MutexLock(const MutexLock &) = delete;
  MutexLock &operator=(const MutexLock &) = delete;

private:
  std::mutex *const mu_;
};

std::mutex counter_mu;
int counter;

void bump() {
  MutexLock lock(&counter_mu);
  ++counter;
}
