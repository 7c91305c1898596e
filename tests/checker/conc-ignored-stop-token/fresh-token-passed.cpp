// RUN: %check_conc_tidy %s conc-ignored-stop-token %t -- -- -std=c++20 -I%conc_include
// Go's "context not propagated": a fresh context where the caller's belongs.
#include <conc/context.h>
#include <stop_token>

int fetch(const conc::Context &ctx, int id);
void download(int id, std::stop_token stop = {});

int handler(const conc::Context &ctx, int id) {
  int a = fetch(conc::Context::background(), id);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: a fresh context is passed to 'fetch'; pass 'ctx' to propagate the cancellation [conc-ignored-stop-token]
  // CHECK-NOTES: :[[@LINE-3]]:34: note: 'ctx' is declared here
  int b = fetch(conc::Context{}, id);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: a fresh context is passed to 'fetch'
  // CHECK-NOTES: :[[@LINE-6]]:34: note: 'ctx' is declared here
  auto child = conc::with_cancel(conc::Context());
  // CHECK-NOTES: :[[@LINE-1]]:34: warning: a fresh context is passed to 'with_cancel'
  // CHECK-NOTES: :[[@LINE-9]]:34: note: 'ctx' is declared here
  return a + b + fetch(child.ctx, id);
}

void copy_all(std::stop_token stop, int n) {
  for (int i = 0; i < n && !stop.stop_requested(); ++i) {
    download(i, std::stop_token{});
    // CHECK-NOTES: :[[@LINE-1]]:17: warning: a fresh stop token is passed to 'download'; pass 'stop' to propagate the cancellation
    // CHECK-NOTES: :[[@LINE-4]]:31: note: 'stop' is declared here
    download(i);
    // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'download' is called without a stop token, so it gets a fresh one; pass 'stop' to propagate the cancellation
    // CHECK-NOTES: :[[@LINE-7]]:31: note: 'stop' is declared here
    download(i, std::stop_source{}.get_token());
    // CHECK-NOTES: :[[@LINE-1]]:17: warning: a fresh stop token is passed to 'download'
    // CHECK-NOTES: :[[@LINE-10]]:31: note: 'stop' is declared here
  }
}
