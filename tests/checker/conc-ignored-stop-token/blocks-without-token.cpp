// RUN: %check_conc_tidy %s conc-ignored-stop-token %t -- -- -std=c++20 -I%conc_include
// Blocking calls that have a cancellable overload, called without it.
#include <condition_variable>
#include <conc/channel.h>
#include <conc/context.h>
#include <mutex>
#include <stop_token>

void handle(int);

void consume(const conc::Context &ctx, conc::Channel<int> &jobs) {
  for (int i = 0; i < 10; ++i) {
    auto job = jobs.recv();
    // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'recv' can block without 'ctx'; pass it so that a stop request ends the wait [conc-ignored-stop-token]
    // CHECK-NOTES: :[[@LINE-4]]:35: note: 'ctx' is declared here
    if (job)
      handle(*job);
  }
}

void produce(std::stop_token stop, conc::Sender<int> out) {
  if (!stop.stop_requested())
    out.send(1);
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'send' can block without 'stop'
  // CHECK-NOTES: :[[@LINE-4]]:30: note: 'stop' is declared here
}

std::mutex mu;
std::condition_variable_any cv_any;
std::condition_variable cv;
bool ready = false;

void wait_ready(std::stop_token stop) {
  std::unique_lock lock(mu);
  cv_any.wait(lock, [] { return ready; });
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'wait' can block without 'stop'
  // CHECK-NOTES: :[[@LINE-4]]:33: note: 'stop' is declared here
  cv.wait(lock, [] { return ready; });
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: 'wait' on a std::condition_variable cannot be woken by a stop request; use std::condition_variable_any and pass 'stop'
  // CHECK-NOTES: :[[@LINE-7]]:33: note: 'stop' is declared here
}
