#include "consumer.h"

#include <conc/select.h>

#include <optional>

long consume(conc::Channel<Event>& events, const conc::Context& ctx) {
  long sum = 0;
  for (;;) {
    std::optional<Event> event;
    const int taken = conc::select(
        conc::recv(events, [&event](std::optional<Event> e) { event = e; }),
        conc::recv(ctx.done(), [] {}));
    switch (taken) {
      case 0:
        if (!event || event->kind == Kind::kQuit) break;  // closed or told to quit: stop
        sum += event->value;
        break;
      case 1:
        return sum;  // cancelled
    }
  }
}
