// RUN: %check_conc_tidy %s conc-double-close %t -- -- -std=c++20 -I%conc_include
// Closes that cannot both run on one path.
#include <conc/channel.h>

bool produce(conc::Channel<int> &out);

void if_else(conc::Channel<int> &out, bool failed) {
  if (failed) {
    out.send(-1);
    out.close();
  } else {
    out.close();
  }
}

void early_return(conc::Channel<int> &out) {
  if (!produce(out)) {
    out.close();
    return;
  }
  out.send(1);
  out.close();
}

void same_condition(conc::Channel<int> &out, bool flush) {
  if (flush)
    out.close();
  if (!flush)
    out.close();
}

void guarded(conc::Channel<int> &out, bool failed) {
  if (failed)
    out.close();
  if (!out.is_closed())
    out.close();
}

void switch_cases(conc::Channel<int> &out, int mode) {
  switch (mode) {
  case 0:
    out.close();
    break;
  default:
    out.send(mode);
    out.close();
    break;
  }
}

void close_after_loop(conc::Channel<int> &out, int n) {
  for (int i = 0; i < n; ++i)
    out.send(i);
  out.close();
}
