// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// Found in libzmq (condition_variable.hpp): a wait wrapper, called with its
// caller's lock held, that reports a timeout through `errno` (the calling
// thread's own error number) and its result. It acts on nothing shared:
// the caller tests the condition and loops. Silent, in a member function
// and in a function template.
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <mutex>

class ConditionVariable {
public:
  int wait(std::unique_lock<std::mutex> &held, int timeout_ms) {
    int res = 0;
    if (timeout_ms == -1) {
      cv_.wait(held);
    } else if (cv_.wait_for(held, std::chrono::milliseconds(timeout_ms)) ==
               std::cv_status::timeout) {
      errno = EAGAIN;
      res = -1;
    }
    return res;
  }

private:
  std::condition_variable cv_;
};

template <class Lock>
int wait_ms(std::condition_variable_any &cv, Lock &held, int timeout_ms) {
  if (cv.wait_for(held, std::chrono::milliseconds(timeout_ms)) ==
      std::cv_status::timeout) {
    errno = ETIMEDOUT;
    return -1;
  }
  return 0;
}

template int wait_ms(std::condition_variable_any &,
                     std::unique_lock<std::mutex> &, int);
