// RUN: %check_conc_tidy %s conc-lock-order %t
// Two null mutexes (lock() does nothing) taken in opposite orders: neither
// ever blocks, so no order can deadlock. Through guards and by hand, and in
// a class template instantiated with the null policy. Silent.
#include <mutex>

struct null_mutex {
  void lock() {}
  void unlock() {}
};

null_mutex a, b;

void forward() {
  std::lock_guard<null_mutex> first(a);
  std::lock_guard<null_mutex> second(b);
}

void backward() {
  b.lock();
  a.lock();
  a.unlock();
  b.unlock();
}

template <class Mutex> class Pair {
public:
  void left() {
    std::lock_guard<Mutex> x(one_);
    std::lock_guard<Mutex> y(two_);
  }
  void right() {
    std::lock_guard<Mutex> y(two_);
    std::lock_guard<Mutex> x(one_);
  }

private:
  Mutex one_, two_;
};

template class Pair<null_mutex>;
