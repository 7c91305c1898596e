// RUN: %check_conc_tidy %s conc-double-close %t -- -- -std=c++20 -I%conc_include
// Each channel is closed once; closes of different channels do not mix.
#include <conc/channel.h>
#include <functional>

void fan_out(conc::Channel<int> &a, conc::Channel<int> &b) {
  a.send(1);
  b.send(2);
  a.close();
  b.close();
}

struct Pipeline {
  conc::Channel<int> in;
  conc::Channel<int> out;
  void stop() {
    in.close();
    out.close();
  }
};

std::function<void()> closer(conc::Channel<int> &ch) {
  return [&ch] { ch.close(); };
}

void two_locals() {
  conc::Channel<int> first;
  conc::Channel<int> second;
  first.close();
  second.close();
}
