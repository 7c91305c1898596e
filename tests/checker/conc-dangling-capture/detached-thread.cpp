// RUN: %check_conc_tidy %s conc-dangling-capture %t
// A detached thread outlives every local of the function that started it.
#include <thread>

void log_line(const char *);
void report(int);

void fire_and_forget(const char *message) {
  int attempts = 3;
  std::thread([&attempts, message] { report(attempts); log_line(message); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'attempts' is captured by reference by a thread that may outlive it; capture it by value or join the thread before its scope ends [conc-dangling-capture]
  // CHECK-NOTES: :[[@LINE-3]]:7: note: 'attempts' is declared here
  // CHECK-NOTES: :[[@LINE-3]]:78: note: the thread is detached here
}

void named_then_detached(int id) {
  std::thread worker([&] { report(id); });
  // CHECK-NOTES: :[[@LINE-1]]:35: warning: 'id' is captured by reference by a thread that may outlive it
  // CHECK-NOTES: :[[@LINE-3]]:30: note: 'id' is declared here
  // CHECK-NOTES: :[[@LINE+1]]:10: note: the thread is detached here
  worker.detach();
}
