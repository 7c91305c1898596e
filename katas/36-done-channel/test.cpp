#include "shipper.h"

#include <gtest/gtest.h>

#include <latch>
#include <mutex>
#include <vector>

// No test waits for time to pass. A shipper that cannot be told to stop
// while it waits for a line never returns from stop(), and the kata's time
// limit reports it. The log channel is never closed here, as in the
// application: the shipper must stop without that.

namespace {
// A log server that counts down `arrived` for every line it gets.
struct FakeServer {
  explicit FakeServer(std::ptrdiff_t expected) : arrived(expected) {}
  Shipper::Sink sink() {
    return [this](const std::string& line) {
      {
        std::lock_guard lock(mutex);
        lines.push_back(line);
      }
      arrived.count_down();
    };
  }
  std::vector<std::string> received() {
    std::lock_guard lock(mutex);
    return lines;
  }
  std::mutex mutex;
  std::vector<std::string> lines;
  std::latch arrived;
};
}  // namespace

TEST(Shipper, ShipsEveryLineInOrder) {
  conc::Channel<std::string> log(8);
  FakeServer server(3);
  Shipper shipper(log, server.sink());
  log.send("GET /");
  log.send("GET /cart");
  log.send("POST /checkout");
  server.arrived.wait();
  shipper.stop();  // the shipper is waiting for a fourth line that never comes
  EXPECT_EQ(server.received(), (std::vector<std::string>{"GET /", "GET /cart", "POST /checkout"}));
}

TEST(Shipper, StopsWhenNothingCame) {
  conc::Channel<std::string> log(8);
  FakeServer server(0);
  Shipper shipper(log, server.sink());
  shipper.stop();
  EXPECT_TRUE(server.received().empty());
}

TEST(Shipper, TheDestructorStops) {
  conc::Channel<std::string> log;  // unbuffered
  FakeServer server(1);
  {
    Shipper shipper(log, server.sink());
    log.send("GET /");  // returns once the shipper has taken it
    server.arrived.wait();
  }
  EXPECT_EQ(server.received(), (std::vector<std::string>{"GET /"}));
}

TEST(Shipper, LinesAfterTheStopWaitForTheNextShipper) {
  conc::Channel<std::string> log(8);
  FakeServer first(1);
  {
    Shipper shipper(log, first.sink());
    log.send("before");
    first.arrived.wait();
    shipper.stop();
    shipper.stop();  // a second stop does nothing
    log.send("after");
  }
  EXPECT_EQ(first.received(), (std::vector<std::string>{"before"}));
  FakeServer second(1);
  Shipper next(log, second.sink());
  second.arrived.wait();
  next.stop();
  EXPECT_EQ(second.received(), (std::vector<std::string>{"after"}));
}

TEST(Shipper, EndsWhenTheApplicationClosesTheLog) {
  conc::Channel<std::string> log(8);
  FakeServer server(2);
  Shipper shipper(log, server.sink());
  log.send("last words");
  log.send("really last");
  log.close();
  server.arrived.wait();
  shipper.stop();
  EXPECT_EQ(server.received(), (std::vector<std::string>{"last words", "really last"}));
}
