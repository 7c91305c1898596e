// RUN: %check_conc_tidy %s conc-copied-mutex %t
// A lambda that captures a lock-holding struct by value locks its own copy.
#include <pthread.h>
#include <thread>

struct Stats {
  pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  long count = 0;
};

void run(Stats &stats) {
  std::thread explicit_copy([stats]() mutable {
    // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: capture of 'stats' by value copies 'Stats', which holds the lock 'mu'
    pthread_mutex_lock(&stats.mu);
    ++stats.count;
    pthread_mutex_unlock(&stats.mu);
  });
  Stats local;
  auto implicit_copy = [=] { return local.count; };
  // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: capture of 'local' by value copies 'Stats'
  auto init_capture = [copy = stats] { return copy.count; };
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: capture of 'copy' by value copies 'Stats'
  auto by_reference = [&stats] { return stats.count; };
  auto pointer = [p = &stats] { return p->count; };
  explicit_copy.join();
  (void)implicit_copy; (void)init_capture; (void)by_reference; (void)pointer;
}
