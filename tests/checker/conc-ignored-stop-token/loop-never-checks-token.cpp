// RUN: %check_conc_tidy %s conc-ignored-stop-token %t -- -- -std=c++20 -I%conc_include
// A jthread body that takes the token and then spins on its own terms.
#include <atomic>
#include <conc/context.h>
#include <stop_token>
#include <thread>

void poll();

void start() {
  std::jthread poller([](std::stop_token stop) {
    while (true) {
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: this loop never checks 'stop'; a stop request is ignored until it ends on its own [conc-ignored-stop-token]
      // CHECK-NOTES: :[[@LINE-3]]:42: note: 'stop' is declared here
      poll();
    }
  });
}

std::atomic<bool> running{true};

void serve(const conc::Context &ctx) {
  while (running.load()) {
    // CHECK-NOTES: :[[@LINE-1]]:3: warning: this loop never checks 'ctx'; a stop request is ignored until it ends on its own [conc-ignored-stop-token]
    // CHECK-NOTES: :[[@LINE-3]]:33: note: 'ctx' is declared here
    poll();
  }
}

void worker(std::stop_token token, bool &quit) {
  do {
    // CHECK-NOTES: :[[@LINE-1]]:3: warning: this loop never checks 'token'
    // CHECK-NOTES: :[[@LINE-3]]:29: note: 'token' is declared here
    poll();
  } while (!quit);
}
