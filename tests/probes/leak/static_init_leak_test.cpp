// A thread started by a static initializer and never stopped: Go's "no
// goroutines in init()". Every test passes; the check after the suite fails.
#include <pthread.h>

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

namespace {

[[gnu::noinline]] bool StartTelemetryAtStartup() {
  std::thread([] {
    pthread_setname_np(pthread_self(), "telemetry");
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
  }).detach();
  return true;
}

const bool telemetry_started = StartTelemetryAtStartup();

TEST(StaticInit, TestsPass) { EXPECT_TRUE(telemetry_started); }

}  // namespace
