// RUN: %check_conc_tidy %s conc-manual-lock %t
// Thread bodies written as a lambda and as a member function run by a
// std::jthread: each returns holding the lock.
#include <mutex>
#include <thread>

std::mutex mu;
int hits;

void spawn_lambda() {
  std::thread t([] {
    mu.lock();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'mu' is locked here and still held on a way out of the function; unlock it on every path, or use a guard [conc-manual-lock]
    ++hits;
  });
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'mu' is still held when the function returns
  // CHECK-NOTES: :[[@LINE-6]]:15: note: the lambda runs as a thread, started here: no caller unlocks for it
  t.join();
}

class Worker {
public:
  void run() {
    mu_.lock();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'mu_' is locked here and still held on a way out of the function; unlock it on every path, or use a guard [conc-manual-lock]
    ++done_;
  }
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'mu_' is still held when the function returns
  // CHECK-NOTES: :[[@LINE+1]]:28: note: 'run' runs as a thread, started here: no caller unlocks for it
  void start() { thread_ = std::jthread(&Worker::run, this); }

private:
  std::mutex mu_;
  int done_ = 0;
  std::jthread thread_;
};
