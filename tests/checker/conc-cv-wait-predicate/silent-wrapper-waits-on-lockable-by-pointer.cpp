// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// Found in libzmq (condition_variable.hpp): a condition_variable_any
// wrapper waits on a lockable its caller hands in by pointer and has
// locked ("assumes that the mutex has been locked by the caller"); after
// the wake-up it only reports a timeout. The caller owns the loop. Silent,
// for a member function and for a function template.
#include <chrono>
#include <condition_variable>

class mutex_t {
public:
  void lock();
  void unlock();
  bool try_lock();
};

class condition_variable_t {
public:
  // -1 on a timeout; a negative timeout waits without one.
  int wait(mutex_t *mutex_, int timeout_) {
    if (timeout_ < 0) {
      _cv.wait(*mutex_);
      return 0;
    }
    std::cv_status status =
        _cv.wait_for(*mutex_, std::chrono::milliseconds(timeout_));
    return status == std::cv_status::timeout ? -1 : 0;
  }

private:
  std::condition_variable_any _cv;
};

template <class Lockable>
bool wait_tick(std::condition_variable_any &cv, Lockable *held) {
  return cv.wait_for(*held, std::chrono::milliseconds(10)) ==
         std::cv_status::no_timeout;
}

template bool wait_tick(std::condition_variable_any &, mutex_t *);
