// No false reports: run with --gtest_repeat=1000 --gtest_shuffle under
// conc_probe_main. Threads of the test framework's own extensions (a listener
// watchdog, a global environment, a suite fixture) are not any test's leak.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace {

// A framework-level watchdog, as a test runner extension would have.
class WatchdogListener : public testing::EmptyTestEventListener {
 public:
  void OnTestProgramStart(const testing::UnitTest&) override {
    watchdog_ = std::jthread([](std::stop_token stop) {
      std::mutex mu;
      std::condition_variable_any cv;
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, stop, [] { return false; });
    });
  }
  void OnTestProgramEnd(const testing::UnitTest&) override {
    watchdog_.request_stop();
    watchdog_.join();
  }

 private:
  std::jthread watchdog_;
};

// A global environment that keeps a helper thread across each iteration.
class HelperEnvironment : public testing::Environment {
 public:
  void SetUp() override {
    helper_ = std::jthread([](std::stop_token stop) {
      while (!stop.stop_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    });
  }
  void TearDown() override {
    helper_.request_stop();
    helper_.join();
  }

 private:
  std::jthread helper_;
};

const bool registered = [] {
  testing::UnitTest::GetInstance()->listeners().Append(new WatchdogListener);
  testing::AddGlobalTestEnvironment(new HelperEnvironment);
  return true;
}();

TEST(Repeat, StartsAndJoinsFiftyThreads) {
  std::atomic<int> ran{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 50; ++i) threads.emplace_back([&ran] { ++ran; });
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ran.load(), 50);
}

TEST(Repeat, JthreadsStopAtScopeEnd) {
  std::vector<std::jthread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([](std::stop_token stop) {
      while (!stop.stop_requested()) std::this_thread::yield();
    });
  }
}

class SuiteWithSharedThread : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    shared_ = new std::jthread([](std::stop_token stop) {
      while (!stop.stop_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    });
  }
  static void TearDownTestSuite() {
    delete shared_;
    shared_ = nullptr;
  }
  static std::jthread* shared_;
};
std::jthread* SuiteWithSharedThread::shared_ = nullptr;

TEST_F(SuiteWithSharedThread, First) { EXPECT_NE(shared_, nullptr); }
TEST_F(SuiteWithSharedThread, Second) { EXPECT_NE(shared_, nullptr); }

}  // namespace
