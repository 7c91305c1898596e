// RUN: %check_conc_tidy %s conc-ignored-stop-token %t -- -- -std=c++20 -I%conc_include
// Ranging over a channel blocks until it is closed, whatever the context says.
#include <conc/channel.h>
#include <conc/context.h>

void handle(int);

void drain(const conc::Context &ctx, conc::Channel<int> &jobs) {
  for (int job : jobs)
    // CHECK-NOTES: :[[@LINE-1]]:3: warning: this loop never checks 'ctx'; a stop request is ignored until it ends on its own [conc-ignored-stop-token]
    // CHECK-NOTES: :[[@LINE-3]]:33: note: 'ctx' is declared here
    handle(job);
}
