#include "mirrors.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <memory>
#include <mutex>

namespace {
// Slow mirrors answer only when the test opens their gate (after fastest()
// has returned) or when they are asked to stop. Nothing here depends on
// timing: a fastest() that waits for a slow mirror without stopping it
// waits forever (the kata's time limit), and a sender left blocked after
// the gate opens is still there when the probe looks.
struct Gate {
  std::mutex mutex;
  std::condition_variable_any opened;
  bool open = false;

  void release() {
    {
      std::lock_guard lock(mutex);
      open = true;
    }
    opened.notify_all();
  }
};

Mirror instant(std::string name) {
  return [name](std::stop_token) { return name; };
}

Mirror slow(std::string name, std::shared_ptr<Gate> gate) {
  return [name, gate](std::stop_token stop) {
    std::unique_lock lock(gate->mutex);
    gate->opened.wait(lock, stop, [&] { return gate->open; });
    return stop.stop_requested() ? std::string("(gave up)") : name;
  };
}

// Opens the gate when the test ends, however it ends.
struct OpenAtEnd {
  std::shared_ptr<Gate> gate = std::make_shared<Gate>();
  ~OpenAtEnd() { gate->release(); }
};
}  // namespace

TEST(Fastest, OneMirror) { EXPECT_EQ(fastest({instant("only")}), "only"); }

TEST(Fastest, TheQuickestAnswerWinsWithoutWaitingForTheOthers) {
  OpenAtEnd slow_ones;
  EXPECT_EQ(fastest({slow("slow", slow_ones.gate), instant("quick"),
                     slow("slower", slow_ones.gate)}),
            "quick");
}

TEST(Fastest, ManyMirrors) {
  OpenAtEnd slow_ones;
  std::vector<Mirror> mirrors;
  for (int i = 0; i < 8; ++i) mirrors.push_back(slow("m" + std::to_string(i), slow_ones.gate));
  mirrors.push_back(instant("first"));
  EXPECT_EQ(fastest(mirrors), "first");
}
