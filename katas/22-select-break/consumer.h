#pragma once
#include <conc/channel.h>
#include <conc/context.h>

enum class Kind { kData, kQuit };
struct Event {
  Kind kind = Kind::kData;
  int value = 0;
};

// Sums the values of kData events from `events` until a kQuit event
// arrives, `events` is closed, or `ctx` is done, whichever comes first, and
// returns the sum.
long consume(conc::Channel<Event>& events, const conc::Context& ctx);
