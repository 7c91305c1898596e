#include "merge.h"

#include <conc/select.h>

#include <optional>

// Ported from the Go fan-in of the team's concurrency notes: a closed input
// is set to nil, so that select stops choosing it.
void merge_two(conc::Receiver<std::string> input1, conc::Receiver<std::string> input2,
               conc::Sender<std::string> output) {
  for (;;) {
    std::optional<std::string> msg;
    const int from = conc::select(
        conc::recv(input1, [&](std::optional<std::string> m) { msg = std::move(m); }),
        conc::recv(input2, [&](std::optional<std::string> m) { msg = std::move(m); }));
    if (!msg) {
      // That input is closed and drained: a nil Receiver is never ready.
      if (from == 0) {
        input1 = {};
      } else {
        input2 = {};
      }
      continue;
    }
    output.send(std::move(*msg));
    if (!input1 && !input2) break;  // both inputs are done
  }
  output.close();
}
