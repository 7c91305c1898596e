#include "consumer.h"

#include <gtest/gtest.h>

#include <thread>

using namespace std::chrono_literals;

TEST(Consume, StopsAtQuit) {
  conc::Channel<Event> events(8);
  events.send(Event{Kind::kData, 1});
  events.send(Event{Kind::kData, 2});
  events.send(Event{Kind::kQuit, 0});
  events.send(Event{Kind::kData, 100});  // after the quit: not counted
  EXPECT_EQ(consume(events, conc::Context::background()), 3);
}

TEST(Consume, StopsWhenClosed) {
  conc::Channel<Event> events(8);
  events.send(Event{Kind::kData, 5});
  events.close();
  EXPECT_EQ(consume(events, conc::Context::background()), 5);
}

TEST(Consume, StopsWhenCancelled) {
  conc::Channel<Event> events;
  auto [ctx, cancel] = conc::with_cancel(conc::Context::background());
  std::jthread canceller([cancel = cancel] {
    std::this_thread::sleep_for(20ms);
    cancel();
  });
  EXPECT_EQ(consume(events, ctx), 0);
}
