// RUN: %check_conc_tidy %s conc-unjoined-thread %t -- \
// RUN:   -config="{CheckOptions: {conc-unjoined-thread.ThreadTypes: '::std::thread;::std::jthread;::app::Thread;::app::ScopedThread', conc-unjoined-thread.AutoJoiningTypes: '::std::jthread;::std::future;::app::ScopedThread'}}"
// ThreadTypes means what it means in every thread check: the types that
// start threads. Only those whose destructor does not join (the ones not in
// AutoJoiningTypes) can terminate the program: app::Thread is followed,
// app::ScopedThread and std::jthread, which join on destruction, are not.
#include <thread>

namespace app {
class Thread {
public:
  template <typename F> explicit Thread(F f);
  ~Thread();
  void join();
  bool joinable() const noexcept;
};
class ScopedThread {
public:
  template <typename F> explicit ScopedThread(F f);
  ~ScopedThread();
  void join();
  bool joinable() const noexcept;
};
} // namespace app

void work() noexcept;
bool stop_early() noexcept;

void plain() {
  app::Thread worker(work);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread 'worker' may still be joinable when it is destroyed, which calls std::terminate
  if (stop_early())
    return;
  worker.join();
}

void scoped() {
  app::ScopedThread worker(work);
  if (stop_early())
    return;
  worker.join();
}

void standard_jthread() {
  std::jthread worker(work);
  if (stop_early())
    return;
  worker.join();
}
