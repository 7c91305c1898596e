// A GoogleTest binary that knows nothing of the probe: `conc-probe run
// --per-test` checks its tests one process at a time.
#include <pthread.h>

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

namespace {

[[gnu::noinline]] void StartBackgroundPoller() {
  std::thread([] {
    pthread_setname_np(pthread_self(), "poller");
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
  }).detach();
}

TEST(Plain, LeaksAPoller) { StartBackgroundPoller(); }

TEST(Plain, JoinsItsThread) {
  std::thread t([] {});
  t.join();
}

}  // namespace
