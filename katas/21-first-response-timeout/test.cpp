#include "replicas.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

using namespace std::chrono_literals;

// No test measures time. A slow replica here never answers by itself: it
// returns only once it is asked to stop. So a first_answer that waits for a
// slow replica without a deadline, or without stopping it, never returns,
// and the kata's time limit reports it.

namespace {
Replica instant(std::string name) {
  return [name](std::stop_token) { return name; };
}

Replica answers_only_when_stopped() {
  return [](std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any cv;
    std::unique_lock lock(mutex);
    cv.wait(lock, stop, [] { return false; });
    return std::string("(stopped)");
  };
}
}  // namespace

TEST(FirstAnswer, TheFastestReplicaWins) {
  EXPECT_EQ(first_answer({answers_only_when_stopped(), instant("fast")}, 1h), "fast");
}

TEST(FirstAnswer, NoReplicaAnswersInTime) {
  EXPECT_EQ(first_answer({answers_only_when_stopped(), answers_only_when_stopped()}, 50ms),
            std::nullopt)
      << "the deadline passed: nobody answered";
}

TEST(FirstAnswer, NoReplicasAtAll) { EXPECT_EQ(first_answer({}, 50ms), std::nullopt); }
