// RUN: %check_conc_tidy %s conc-manual-lock %t
// Acquirers by design: a function whose name has the whole word "lock" or
// "acquire" and unlocks only on its failure path, and functions with no
// path that unlocks the lock they take (a member, a template, a C-style
// helper), whatever their names. Silent.
#include <mutex>

struct Account {
  std::mutex mu;
  long balance = 0;
};

// Returns holding both locks, or neither.
bool TryLockBoth(Account &a, Account &b) {
  a.mu.lock();
  if (!b.mu.try_lock()) {
    a.mu.unlock();
    return false;
  }
  return true;
}

class Slots {
public:
  int AcquireSlot() {
    mu_.lock();
    if (free_ == 0) {
      mu_.unlock();
      return -1;
    }
    return --free_;
  }
  void begin_batch() {
    mu_.lock();
    ++batches_;
  }

private:
  std::mutex mu_;
  int free_ = 4;
  int batches_ = 0;
};

template <typename M> void hold_for_caller(M &m, int &entered) {
  m.lock();
  ++entered;
}

void use(std::mutex &m) {
  int entered = 0;
  hold_for_caller(m, entered);
  m.unlock();
}
