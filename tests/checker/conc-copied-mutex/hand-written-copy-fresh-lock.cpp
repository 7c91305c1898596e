// RUN: %check_conc_tidy %s conc-copied-mutex %t
// A class holding a pthread mutex whose copy constructor and assignment are
// written by hand: the copy gets a fresh mutex of its own, and the source
// is read under the source's lock. Copying it is fine.
#include <pthread.h>

class Counter {
public:
  Counter() { pthread_mutex_init(&mu_, nullptr); }
  Counter(const Counter &other) {
    pthread_mutex_init(&mu_, nullptr);
    pthread_mutex_lock(&other.mu_);
    value_ = other.value_;
    pthread_mutex_unlock(&other.mu_);
  }
  Counter &operator=(const Counter &other) {
    if (this == &other)
      return *this;
    pthread_mutex_lock(&other.mu_);
    long v = other.value_;
    pthread_mutex_unlock(&other.mu_);
    pthread_mutex_lock(&mu_);
    value_ = v;
    pthread_mutex_unlock(&mu_);
    return *this;
  }
  ~Counter() { pthread_mutex_destroy(&mu_); }

private:
  mutable pthread_mutex_t mu_;
  long value_ = 0;
};

Counter snapshot(const Counter &c) {
  Counter copy = c;
  return copy;
}

void reset(Counter &target, const Counter &source) { target = source; }
