// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// A forwarding wrapper is known by what it does, whatever its name: it waits
// under a lock its caller already holds, tests nothing itself, and does not
// use what it waited for. Its callers own the loop, so it is silent.
#include <chrono>
#include <condition_variable>
#include <mutex>

class Gate {
public:
  // The caller's lock, received by reference.
  void Block(std::unique_lock<std::mutex> &held) { opened_.wait(held); }

  // A timed variant that returns the wait's status through a local.
  bool BlockFor(std::unique_lock<std::mutex> &held,
                std::chrono::milliseconds limit) {
    bool woken = opened_.wait_for(held, limit) == std::cv_status::no_timeout;
    return woken;
  }

  // Returning the wait's result directly.
  std::cv_status BlockUntil(std::unique_lock<std::mutex> &held,
                            std::chrono::steady_clock::time_point when) {
    return opened_.wait_until(held, when);
  }

private:
  std::condition_variable opened_;
};

// A template wrapper, instantiated.
template <class Lock> void park(std::condition_variable_any &cv, Lock &held) {
  cv.wait(held);
}
void use_park(std::condition_variable_any &cv, std::unique_lock<std::mutex> &lk) {
  park(cv, lk);
}

// A lambda wrapper: its parameter is the caller's lock.
void with_lambda(std::condition_variable &cv, std::mutex &mu, bool &ready) {
  auto sleep_on = [&](std::unique_lock<std::mutex> &held) { cv.wait(held); };
  std::unique_lock<std::mutex> lk(mu);
  while (!ready)
    sleep_on(lk);
}

// Adopting the lock the caller took, then handing it back (leveldb's shape,
// under a name that says nothing about waiting).
struct Monitor {
  std::mutex mu;
  std::condition_variable cv;
  void Suspend() {
    std::unique_lock<std::mutex> lock(mu, std::adopt_lock);
    cv.wait(lock);
    lock.release();
  }
};
