// RUN: %check_conc_tidy %s conc-manual-lock %t
// C++: a method that runs under its caller's hold of the member mutex, lets
// go of it around a join, takes it back, and releases it for good at the
// end; and a template helper doing the same to the mutex it is handed.
// Silent.
#include <mutex>
#include <thread>

class Worker {
public:
  void Stop() {
    mu_.lock();
    stopping_ = true;
    FinishLocked();
  }

private:
  // Called with mu_ held; returns with it released.
  void FinishLocked() {
    mu_.unlock();
    if (thread_.joinable())
      thread_.join();
    mu_.lock();
    stopping_ = false;
    mu_.unlock();
  }

  std::mutex mu_;
  std::thread thread_;
  bool stopping_ = false;
};

template <class Mutex> void release_after_join(Mutex &mu, std::thread &t) {
  mu.unlock();
  t.join();
  mu.lock();
  mu.unlock();
}

void finish(std::mutex &mu, std::thread &t) {
  mu.lock();
  release_after_join(mu, t);
}
