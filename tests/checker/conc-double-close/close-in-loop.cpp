// RUN: %check_conc_tidy %s conc-double-close %t -- -- -std=c++20 -I%conc_include
// A close inside the loop that sends.
#include <conc/channel.h>

void produce(conc::Channel<int> &out, int n) {
  for (int i = 0; i < n; ++i) {
    out.send(i);
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'send' on 'out' after it may have been closed on a path that reaches here; a send on a closed channel fails [conc-double-close]
    // CHECK-NOTES: :[[@LINE+1]]:9: note: 'out' is closed here first
    out.close();
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'out' is closed inside a loop: the next iteration closes it again; close it once, after the loop [conc-double-close]
  }
}
