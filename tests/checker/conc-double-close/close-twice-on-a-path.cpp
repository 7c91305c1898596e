// RUN: %check_conc_tidy %s conc-double-close %t -- -- -std=c++20 -I%conc_include
// Closes that follow one another on some path.
#include <conc/channel.h>

bool produce(conc::Channel<int> &out);

void in_sequence() {
  conc::Channel<int> results(8);
  results.send(1);
  results.close();
  results.close();
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'results' may be closed twice: it is already closed on a path that reaches this close; only its single sender closes it, once [conc-double-close]
  // CHECK-NOTES: :[[@LINE-3]]:11: note: 'results' is closed here first
}

void error_path(conc::Channel<int> &out) {
  if (!produce(out))
    out.close();
  out.close();
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'out' may be closed twice
  // CHECK-NOTES: :[[@LINE-3]]:9: note: 'out' is closed here first
}

void after_a_throw(conc::Channel<int> &out) {
  try {
    produce(out);
    out.close();
  } catch (...) {
    out.close();
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'out' may be closed twice
    // CHECK-NOTES: :[[@LINE-4]]:9: note: 'out' is closed here first
  }
}
