// RUN: %check_conc_tidy %s conc-double-close %t -- -- -std=c++20 -I%conc_include
// Sends that can follow the close.
#include <conc/channel.h>
#include <string>

void stream(conc::Channel<std::string> &lines, bool truncated) {
  lines.send("header");
  if (truncated)
    lines.close();
  lines.try_send("body");
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'try_send' on 'lines' after it may have been closed on a path that reaches here; a send on a closed channel fails [conc-double-close]
  // CHECK-NOTES: :[[@LINE-3]]:11: note: 'lines' is closed here first
  lines.close();
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'lines' may be closed twice
  // CHECK-NOTES: :[[@LINE-6]]:11: note: 'lines' is closed here first
}

class Producer {
public:
  void finish() {
    out_.close();
    out_.send(0);
    // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'send' on 'out_' after it may have been closed
    // CHECK-NOTES: :[[@LINE-3]]:10: note: 'out_' is closed here first
  }

private:
  conc::Channel<int> out_;
};
