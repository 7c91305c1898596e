// RUN: %check_conc_tidy %s conc-double-close %t -- -- -std=c++20 -I%conc_include
// A helper in the same file closes the channel; the caller closes it again.
#include <conc/channel.h>

void finish(conc::Channel<int> &ch) {
  ch.send(-1);
  ch.close();
}

void run(conc::Channel<int> &ch) {
  ch.send(1);
  finish(ch);
  ch.close();
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: 'ch' may be closed twice
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'ch' is closed by this call
}
