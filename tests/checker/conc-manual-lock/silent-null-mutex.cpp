// RUN: %check_conc_tidy %s conc-manual-lock %t
// A null mutex, the policy class that code generic over its locking uses
// when it needs none (spdlog's and Boost's null_mutex): its lock() does
// nothing, so locking it again, or leaving it "held", cannot block anyone.
// Through std guards, by hand, in a template, in a derived class. Silent.
#include <mutex>

struct null_mutex {
  void lock() {}
  void unlock() {}
  bool try_lock() { return true; }
};

struct quiet_mutex : null_mutex {};

template <class Mutex> class Sink {
public:
  void log(int v) {
    std::lock_guard<Mutex> outer(mu_);
    flush(v);
  }
  void flush(int v) {
    std::lock_guard<Mutex> inner(mu_);
    last_ = v;
  }
  void twice() {
    std::lock_guard<Mutex> a(mu_);
    { std::lock_guard<Mutex> b(mu_); }
  }

private:
  Mutex mu_;
  int last_ = 0;
};

template class Sink<null_mutex>;

void by_hand(null_mutex &m, quiet_mutex &q) {
  m.lock();
  m.lock();
  q.lock();
  std::lock_guard<quiet_mutex> g(q);
}

int keep_held(null_mutex &m) {
  m.lock();
  return 1;
}
