// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// An RAII joiner owns the thread (or a reference to it) and joins in its
// destructor, on every path.
#include <thread>
#include <utility>

void work() noexcept;
void step(); // may throw

class ScopedThread {
public:
  explicit ScopedThread(std::thread t) : t_(std::move(t)) {}
  ~ScopedThread() {
    if (t_.joinable())
      t_.join();
  }

private:
  std::thread t_;
};

class JoinGuard {
public:
  explicit JoinGuard(std::thread &t) : t_(t) {}
  ~JoinGuard() {
    if (t_.joinable())
      t_.join();
  }

private:
  std::thread &t_;
};

void owned_by_scoped_thread() {
  ScopedThread scoped(std::thread(work));
  step();
}

void moved_into_scoped_thread() {
  std::thread worker(work);
  ScopedThread scoped(std::move(worker));
  step();
}

void guarded_by_reference() {
  std::thread worker(work);
  JoinGuard guard(worker);
  step();
}
