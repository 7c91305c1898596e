#include "merge.h"

#include <conc/select.h>

#include <optional>

// A closed input is set to nil, so that select stops choosing it; the loop
// condition is the exit check, where no `continue` can skip it.
void merge_two(conc::Receiver<std::string> input1, conc::Receiver<std::string> input2,
               conc::Sender<std::string> output) {
  while (input1 || input2) {
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
  }
  output.close();  // once, after both inputs are done
}
