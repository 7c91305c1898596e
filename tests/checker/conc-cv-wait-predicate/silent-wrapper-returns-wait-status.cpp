// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// C++ wrappers that wait once under their caller's lock and then only look
// at the wait's status (timed out or not): a member function of a
// condition-variable class, a function template, a lambda. Silent: the
// caller tests the condition and loops.
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <pthread.h>

class CondVar {
public:
  // true when woken before the deadline
  bool WaitUntil(std::unique_lock<std::mutex> &held,
                 std::chrono::steady_clock::time_point deadline) {
    std::cv_status status = cv_.wait_until(held, deadline);
    return status == std::cv_status::no_timeout;
  }

  // POSIX underneath: the status translated.
  int TimedWait(pthread_mutex_t *held, const timespec *deadline) {
    int rc = pthread_cond_timedwait(&native_, held, deadline);
    return rc == ETIMEDOUT ? 1 : rc;
  }

private:
  std::condition_variable cv_;
  pthread_cond_t native_ = PTHREAD_COND_INITIALIZER;
};

// A negative timeout means "no deadline": the parameter picks the wait.
template <class Lock>
bool wait_for_ms(std::condition_variable_any &cv, Lock &held, int ms) {
  if (ms < 0) {
    cv.wait(held);
    return true;
  }
  return cv.wait_for(held, std::chrono::milliseconds(ms)) ==
         std::cv_status::no_timeout;
}

template bool wait_for_ms(std::condition_variable_any &,
                          std::unique_lock<std::mutex> &, int);

std::condition_variable ticks;

void poll_loop(std::mutex &mu, const bool &stop) {
  auto wait_tick = [](std::unique_lock<std::mutex> &held) {
    auto status = ticks.wait_for(held, std::chrono::milliseconds(10));
    return status != std::cv_status::timeout;
  };
  std::unique_lock<std::mutex> lock(mu);
  while (!stop)
    wait_tick(lock);
}
