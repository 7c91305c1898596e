// Run by the CLI tests (CMakeLists.txt) with conc_probe_main: the listener
// must fail the test that leaks, with the report, and not the tests after it.
#include <pthread.h>

#include <atomic>
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "test_support.h"

namespace {

// Never destroyed: destroying a condition variable waits for its waiters.
leaktest::Gate& release_forgotten = *new leaktest::Gate;
std::atomic<bool> forgotten_done{false};

[[gnu::noinline]] void StartForgottenThread() {
  std::thread([] {
    pthread_setname_np(pthread_self(), "forgotten");
    release_forgotten.Wait();
    forgotten_done = true;
  }).detach();
}

TEST(Listener, LeaksADetachedThread) {
  StartForgottenThread();
  SUCCEED();
}

// Lets the forgotten thread end, so that only the test that started it fails
// and the check after the suite is clean.
TEST(Listener, CleanTestAfterTheLeak) {
  std::thread worker([] {});
  worker.join();
  release_forgotten.Open();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!forgotten_done && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

}  // namespace
