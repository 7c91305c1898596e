// A single receive with a deadline longer than the watchdog's limit, for the
// command-line test that CONC_DEADLOCK_WATCHDOG does not call it a deadlock:
// the wait ends by itself.
#include <chrono>
#include <cstdio>

#include "conc/channel.h"

int main() {
  conc::Channel<int> nobody_sends;
  if (nobody_sends.recv_for(std::chrono::seconds(1))) return 1;
  std::puts("timed out as asked");
  return 0;
}
