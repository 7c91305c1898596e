// Closes a channel twice, for the command-line tests of the misuse policy
// (CONC_MISUSE_POLICY) and of the environment's bad values.
#include <chrono>
#include <cstdio>

#include "conc/channel.h"

[[gnu::noinline]] void CloseOnce(conc::Channel<int>& ch) { ch.close(); }
[[gnu::noinline]] void CloseAgain(conc::Channel<int>& ch) { ch.close(); }

int main() {
  conc::Channel<int> idle;
  idle.recv_for(std::chrono::milliseconds(1));  // blocks once: reads CONC_DEADLOCK_WATCHDOG
  conc::Channel<int> ch(1);
  CloseOnce(ch);
  CloseAgain(ch);
  std::puts("continued after the misuse");
  return 0;
}
