// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// Joins are no exception exits, but a call that may throw between two joins
// still is: the second thread is destroyed joinable if it throws.
#include <pthread.h>
#include <string>
#include <thread>

void work() noexcept;
void *run(void *);
void record(const std::string &line); // may throw

void join_record_join() {
  std::thread a(work);
  std::thread b(work);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 'b' may still be joinable when it is destroyed
  a.join();
  record("a done");
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'b' is destroyed while joinable if 'record' throws here
  b.join();
}

// Variant: pthreads in C++; the call that may throw is one level down, in
// a helper of this file.
static void log_line(const char *text) { record(text); }
void pthreads_and_a_helper() {
  pthread_t a, b;
  pthread_create(&a, nullptr, run, nullptr);
  pthread_create(&b, nullptr, run, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread 'b' from pthread_create may be neither joined nor detached
  pthread_join(a, nullptr);
  log_line("a done");
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'b' goes out of scope unjoined if 'log_line' throws here
  pthread_join(b, nullptr);
}

// Variant: a template.
template <class Fn> void run_two(Fn fn) {
  std::thread a(fn);
  std::thread b(fn);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 'b' may still be joinable when it is destroyed
  a.join();
  record("a done");
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'b' is destroyed while joinable if 'record' throws here
  b.join();
}
template void run_two<void (*)()>(void (*)());

// CHECK-FIXES: std::jthread b(work);
// CHECK-FIXES: std::jthread b(fn);
