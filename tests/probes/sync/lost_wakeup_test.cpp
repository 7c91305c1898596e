// Wake-ups in a pipeline of small buffered channels: clients -> lines(4) ->
// workers -> parsed(4) -> one receiver, values that are not trivially
// movable. Every stage parks and wakes the next one thousands of times a
// round; a single lost wake-up (a sender parked on a full channel while its
// receiver parks on it as empty) strands the round forever. This is the
// scenario reported from the ingest example (StopWhileClientsSubmit); the
// channel handles it (that hang was writer starvation on the example's
// std::shared_mutex, see the prims branch log), and this test keeps it so.
// Checked to fail: with SyncWaitList::notify() made a no-op, the watchdog
// below aborts with its message after kLimit.
//
// A hang must fail the test with a message, not eat the CTest timeout: the
// rounds run on their own thread and the test waits for them with a deadline.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "conc/channel.h"

#ifndef CONC_STRESS_MESSAGES
#define CONC_STRESS_MESSAGES 1000000
#endif

namespace {

struct Item {
  std::optional<std::string> text;
};

// Returns the number of items the last stage received in one round.
long RunPipelineRound(int clients, int workers, int lines_per_client) {
  conc::Channel<std::string> lines(4);
  conc::Channel<Item> parsed(4);
  long received = 0;
  std::jthread receiver([&] {
    while (std::optional<Item> item = parsed.recv()) {
      if (item->text && item->text->size() == 40) ++received;
    }
  });
  std::vector<std::jthread> stage;
  for (int w = 0; w < workers; ++w) {
    stage.emplace_back([&] {
      while (std::optional<std::string> line = lines.recv()) parsed.send(Item{std::move(*line)});
    });
  }
  {
    std::vector<std::jthread> senders;
    for (int c = 0; c < clients; ++c) {
      senders.emplace_back([&] {
        for (int i = 0; i < lines_per_client; ++i) lines.send(std::string(40, 'x'));
      });
    }
  }
  lines.close();
  stage.clear();
  parsed.close();
  receiver.join();
  return received;
}

TEST(ChannelWakeup, PipelineOfSmallBuffersNeverHangs) {
  constexpr int kRounds = 200;
  constexpr int kClients = 3;
  constexpr int kLinesPerClient = CONC_STRESS_MESSAGES / 2000;  // 500 plain, 100 sanitized
  constexpr auto kLimit = std::chrono::seconds(60);

  std::promise<long> done;
  std::future<long> result = done.get_future();
  // Detached: if it hangs, its threads block on channels on its own stack,
  // so it cannot be joined; the process is ended below instead.
  std::thread([done = std::move(done)]() mutable {
    long total = 0;
    for (int round = 0; round < kRounds; ++round) {
      total += RunPipelineRound(kClients, 4, kLinesPerClient);
    }
    done.set_value(total);
  }).detach();

  if (result.wait_for(kLimit) != std::future_status::ready) {
    std::fprintf(stderr,
                 "ChannelWakeup.PipelineOfSmallBuffersNeverHangs: no progress after %lld s: "
                 "a buffered channel lost a wake-up (senders parked on a full channel, "
                 "its receiver parked on it as empty)\n",
                 static_cast<long long>(kLimit.count()));
    std::fflush(stderr);
    std::abort();
  }
  EXPECT_EQ(result.get(), static_cast<long>(kRounds) * kClients * kLinesPerClient);
}

}  // namespace
