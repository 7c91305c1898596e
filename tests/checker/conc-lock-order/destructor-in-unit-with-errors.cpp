// RUN: %check_conc_tidy %s conc-lock-order %t
// Issue 21's crash, reduced: a field of a class that has no definition makes
// the class invalid; clang's CFG builder, asked for the implicit member
// destructors of ~Pool, called hasTrivialDestructor() on that class and
// crashed. Code clang could not build is not analysed: only the compiler
// error is reported, and the inverted order below is not (its functions
// are members of the invalid class).
#include <mutex>

struct Impl;

struct Pool {
  std::mutex queue_mu, stats_mu;
  Impl impl;
  // CHECK-MESSAGES: :[[@LINE-1]]:8: error: field has incomplete type 'Impl' [clang-diagnostic-error]
  ~Pool() {
    std::lock_guard<std::mutex> queue(queue_mu);
    std::lock_guard<std::mutex> stats(stats_mu);
  }
  void report() {
    std::lock_guard<std::mutex> stats(stats_mu);
    std::lock_guard<std::mutex> queue(queue_mu);
  }
};
