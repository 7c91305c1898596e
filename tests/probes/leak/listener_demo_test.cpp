// Run by the CLI tests (CMakeLists.txt) with conc_probe_main: the listener
// must fail the test that leaks, with the report, and not the tests after it.
#include <pthread.h>

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

namespace {

[[gnu::noinline]] void StartForgottenThread() {
  std::thread([] {
    pthread_setname_np(pthread_self(), "forgotten");
    // Lives past the test's check (CONC_PROBE_MAX_WAIT_MS is short in the
    // CLI tests) and ends before the suite's end.
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
  }).detach();
}

TEST(Listener, LeaksADetachedThread) {
  StartForgottenThread();
  SUCCEED();
}

TEST(Listener, CleanTestAfterTheLeak) {
  std::thread worker([] {});
  worker.join();
  // Outlast the forgotten thread so that the end-of-suite check is clean.
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
}

}  // namespace
