#include "replicas.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {
Replica replica(std::string name, std::chrono::milliseconds latency) {
  return [name, latency](std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any cv;
    std::unique_lock lock(mutex);
    cv.wait_for(lock, stop, latency, [] { return false; });
    return stop.stop_requested() ? std::string("(stopped)") : name;
  };
}

template <class F>
std::chrono::milliseconds timed(F&& f) {
  const auto start = Clock::now();
  f();
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}
}  // namespace

TEST(FirstAnswer, TheFastestReplicaWins) {
  EXPECT_EQ(first_answer({replica("slow", 400ms), replica("fast", 1ms)}, 2s), "fast");
}

TEST(FirstAnswer, NoReplicaAnswersInTime) {
  std::optional<std::string> answer = "unset";
  const auto took = timed([&] {
    answer = first_answer({replica("a", 3s), replica("b", 3s)}, 50ms);
  });
  EXPECT_EQ(answer, std::nullopt);
  EXPECT_LT(took, 1s) << "first_answer waited " << took.count() << " ms, not 50";
}

TEST(FirstAnswer, NoReplicasAtAll) {
  std::optional<std::string> answer = "unset";
  const auto took = timed([&] { answer = first_answer({}, 50ms); });
  EXPECT_EQ(answer, std::nullopt);
  EXPECT_LT(took, 1s);
}
