// Two selects that can each complete with the other in two ways,
// {recv(A), send(B)} against {recv(B), send(A)}: when both enrol at once,
// each may find the other's case waiting and abort to retry. They must not
// keep aborting each other: every round must pair them up. (Not reproduced
// before the fix; the retry now backs off for a random time, which breaks
// the symmetry.) A hang fails with a message instead of the CTest timeout.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <thread>

#include "conc/select.h"

#ifndef CONC_STRESS_MESSAGES
#define CONC_STRESS_MESSAGES 1000000
#endif

namespace {

TEST(SelectLiveness, CrossedSelectsAlwaysPairUp) {
  constexpr int kRounds = CONC_STRESS_MESSAGES / 50;  // 20000 plain, 4000 sanitized
  std::promise<int> done;
  std::future<int> result = done.get_future();
  std::thread([done = std::move(done)]() mutable {
    conc::Channel<int> a, b;
    int paired = 0;
    std::thread other([&] {
      for (int i = 0; i < kRounds; ++i) {
        conc::select(conc::recv(b, [](std::optional<int>) {}), conc::send(a, i));
      }
    });
    for (int i = 0; i < kRounds; ++i) {
      conc::select(conc::recv(a, [&](std::optional<int>) { ++paired; }),
                   conc::send(b, i, [&] { ++paired; }));
    }
    other.join();
    done.set_value(paired);
  }).detach();
  if (result.wait_for(std::chrono::seconds(60)) != std::future_status::ready) {
    std::fputs("SelectLiveness.CrossedSelectsAlwaysPairUp: no progress after 60 s\n", stderr);
    std::abort();
  }
  EXPECT_EQ(result.get(), kRounds);
}

}  // namespace
