// RUN: %check_conc_tidy %s conc-leaked-thread %t
// A failed assert, abort() or exit() ends the process, not the thread: such
// calls are no way out of the loop (found in leveldb's PosixEnv).
// pthread_exit and a [[noreturn]] helper that may throw do end the thread.
#include <cassert>
#include <cstdlib>
#include <pthread.h>
#include <thread>

bool have_work() noexcept;
void run_one() noexcept;
[[noreturn]] void stop_by_throwing();

void background() {
  std::thread worker([] {
    // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 'worker' runs a loop that never ends
    while (true) {
      // CHECK-NOTES: :[[@LINE-1]]:5: note: this loop never ends
      assert(have_work());
      if (!have_work())
        std::abort();
      run_one();
    }
  });
  worker.join();
}

void *exits_thread(void *) {
  for (;;) {
    if (!have_work())
      pthread_exit(nullptr);
    run_one();
  }
}

void stoppable() {
  std::thread worker([] {
    while (true) {
      if (!have_work())
        stop_by_throwing();
      run_one();
    }
  });
  pthread_t tid;
  pthread_create(&tid, nullptr, exits_thread, nullptr);
  pthread_join(tid, nullptr);
  worker.join();
}
