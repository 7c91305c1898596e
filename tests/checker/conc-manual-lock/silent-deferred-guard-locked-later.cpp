// RUN: %check_conc_tidy %s conc-manual-lock %t
// A deferred std::unique_lock locked when nobody holds its mutex: after the
// other guard's scope ended, after the other guard's unlock(), on a recursive
// mutex,
// and relocked by itself after its own unlock. Correct, silent.
#include <mutex>

class Cache {
public:
  void refresh() {
    std::unique_lock<std::mutex> later(mu_, std::defer_lock);
    {
      std::lock_guard<std::mutex> now(mu_);
      ++version_;
    }
    later.lock();
    ++version_;
  }
  void after_unlock() {
    std::unique_lock<std::mutex> first(mu_);
    ++version_;
    first.unlock();
    std::unique_lock<std::mutex> later(mu_, std::defer_lock);
    later.lock();
    ++version_;
  }
  void recursive() {
    std::lock_guard<std::recursive_mutex> outer(rmu_);
    std::unique_lock<std::recursive_mutex> inner(rmu_, std::defer_lock);
    inner.lock();
    ++version_;
  }
  void relock_itself() {
    std::unique_lock<std::mutex> lock(mu_);
    ++version_;
    lock.unlock();
    lock.lock();
    ++version_;
  }

private:
  std::mutex mu_;
  std::recursive_mutex rmu_;
  int version_ = 0;
};

template <class Value> class Slot {
public:
  void store(Value v) {
    std::unique_lock<std::mutex> inner(mu_, std::defer_lock);
    if (!inner.try_lock())
      inner.lock();
    value_ = v;
  }

private:
  std::mutex mu_;
  Value value_{};
};

template class Slot<int>;
