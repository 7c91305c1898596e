// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// Code clang could not build is not analysed (ErrorRecovery.h): the
// constructor of a class with a field of an undefined type, and a function
// whose body holds a RecoveryExpr, say nothing; the function beside them
// that returns early with a joinable thread is still reported.
#include <thread>

void work(int) noexcept;
bool failed(int) noexcept;
struct Config;

struct Server {
  Config config;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: error: field has incomplete type 'Config' [clang-diagnostic-error]
  Server() {
    std::thread helper(work, 1);
    if (failed(1))
      return;
    helper.join();
  }
};

void broken(int n) {
  std::thread helper(work, n);
  if (failed(n))
    return reload_settings(n);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: error: use of undeclared identifier 'reload_settings' [clang-diagnostic-error]
  helper.join();
}

void analysed(int n) {
  std::thread helper(work, n);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread 'helper' may still be joinable
  if (failed(n))
    return;
  helper.join();
}
