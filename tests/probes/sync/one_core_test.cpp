// A sender and a receiver pinned to the SAME core (sched_setaffinity): while
// one of them waits, the other can only run if the waiter gives the core up.
// A waiter that spins until its partner shows up, without ever yielding or
// sleeping, would never see it (or only at the next preemption tick, which on
// a loaded CI machine can mean minutes for a large number of messages). Each
// test moves a fixed number of messages and checks every one arrived, in
// order; a livelock shows up as the hang guard below failing the test with a
// message, instead of the whole ctest run stalling until its timeout.
//
// Nothing here depends on timing: the pinning makes the interleaving the
// worst one for a spinner (the partner is always descheduled while the waiter
// holds the core), whatever the machine's load.
#include <gtest/gtest.h>
#include <sched.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <thread>

#include "conc/channel.h"
#include "conc/internal/adaptive_spin.h"
#include "conc/select.h"

namespace {

// Every message is a wait on one side at least (capacity 0 or 1), so each
// one exercises the give-up-the-core path. Measured on this project's shared
// 2-core machine at a load average of 13: 60-170 ms per test (plain, TSan and
// ASan builds alike), 5 s in a load spike; the hang guard leaves a margin of
// 20x over the worst of those.
constexpr int kMessages = 5000;

// The first CPU this process may run on: every pinned thread goes there.
int FirstAllowedCpu() {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return -1;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(cpu, &allowed)) return cpu;
  }
  return -1;
}

// Pins the calling thread to `cpu`; the test fails (not skips) if it cannot.
void PinCallingThread(int cpu) {
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpu, &one);
  ASSERT_EQ(sched_setaffinity(0, sizeof one, &one), 0) << "sched_setaffinity to CPU " << cpu;
}

// Fails the process with a message if `body` does not finish in a very
// generous time. Not a performance assertion: on the slowest machine the
// body finishes in seconds; only a livelock reaches the limit.
template <class Body>
void WithHangGuard(const char* what, Body body) {
  std::mutex mutex;
  std::condition_variable finished_cv;
  bool finished = false;
  std::thread guard([&] {
    std::unique_lock<std::mutex> lock(mutex);
    // Below the tests' ctest TIMEOUT (120 s), so that the message is seen.
    if (!finished_cv.wait_for(lock, std::chrono::seconds(100), [&] { return finished; })) {
      std::fprintf(stderr, "one_core_test: %s did not finish: the waiter never let its partner run\n",
                   what);
      std::abort();
    }
  });
  body();
  {
    std::lock_guard<std::mutex> lock(mutex);
    finished = true;
  }
  finished_cv.notify_one();
  guard.join();
}

// One sender, one receiver, both on `cpu`; returns how many values arrived
// in order (kMessages when all is well).
int PingThroughOneCore(std::size_t capacity) {
  const int cpu = FirstAllowedCpu();
  EXPECT_GE(cpu, 0) << "sched_getaffinity failed";
  if (cpu < 0) return -1;
  conc::Channel<int> channel(capacity);
  int in_order = 0;
  std::thread receiver([&] {
    PinCallingThread(cpu);
    int expected = 0;
    while (std::optional<int> value = channel.recv()) {
      if (*value == expected) ++in_order;
      ++expected;
    }
  });
  std::thread sender([&] {
    PinCallingThread(cpu);
    for (int i = 0; i < kMessages; ++i) channel.send(i);
    channel.close();
  });
  sender.join();
  receiver.join();
  return in_order;
}

// A waiter that may run on one CPU only never spins: it yields, then parks
// (conc/internal/adaptive_spin.h). The wait here is one that nobody answers
// (a receive with a 1 ms timeout on a channel nobody sends on), so it goes
// through every phase of Waiter::wait_until whatever the machine's load.
TEST(OneCore, WaiterPinnedToOneCpuDoesNotSpin) {
  const int cpu = FirstAllowedCpu();
  ASSERT_GE(cpu, 0) << "sched_getaffinity failed";
  std::thread waiter([cpu] {
    PinCallingThread(cpu);
    conc::Channel<int> nobody_sends;
    const conc::internal::SpinStats before = conc::internal::CurrentThreadSpinStats();
    for (int i = 0; i < 3; ++i) {
      EXPECT_FALSE(nobody_sends.recv_for(std::chrono::milliseconds(1)).has_value());
    }
    const conc::internal::SpinStats after = conc::internal::CurrentThreadSpinStats();
    EXPECT_EQ(after.waits - before.waits, 3u);
    EXPECT_EQ(after.waits_without_spin - before.waits_without_spin, 3u);
    EXPECT_EQ(after.spins, before.spins);
  });
  waiter.join();
}

TEST(OneCore, UnbufferedHandoffCompletesWithBothThreadsOnOneCore) {
  int in_order = 0;
  WithHangGuard("unbuffered handoff on one core", [&] { in_order = PingThroughOneCore(0); });
  EXPECT_EQ(in_order, kMessages);
}

// Capacity 1: the sender fills the slot and must wait for the receiver on
// almost every message, so both sides wait in turn.
TEST(OneCore, BufferedCapacityOneCompletesWithBothThreadsOnOneCore) {
  int in_order = 0;
  WithHangGuard("buffered (capacity 1) on one core", [&] { in_order = PingThroughOneCore(1); });
  EXPECT_EQ(in_order, kMessages);
}

// A select waiting on two unbuffered channels, each fed by its own sender,
// all three threads on one core.
TEST(OneCore, SelectOverTwoUnbufferedChannelsCompletesOnOneCore) {
  const int cpu = FirstAllowedCpu();
  ASSERT_GE(cpu, 0) << "sched_getaffinity failed";
  std::int64_t sum = 0;
  int received = 0;
  WithHangGuard("select over two channels on one core", [&] {
    conc::Channel<int> a, b;
    auto feed = [cpu](conc::Channel<int>& channel) {
      PinCallingThread(cpu);
      for (int i = 0; i < kMessages / 2; ++i) channel.send(i);
      channel.close();
    };
    std::thread feed_a(feed, std::ref(a));
    std::thread feed_b(feed, std::ref(b));
    std::thread selector([&] {
      PinCallingThread(cpu);
      conc::Receiver<int> ra = a, rb = b;
      int open = 2;
      auto take = [&](conc::Receiver<int>& from) {
        return [&](std::optional<int> value) {
          if (!value) {
            --open;
            from = {};  // a nil receiver: the select ignores it from now on
            return;
          }
          sum += *value;
          ++received;
        };
      };
      while (open > 0) conc::select(conc::recv(ra, take(ra)), conc::recv(rb, take(rb)));
    });
    feed_a.join();
    feed_b.join();
    selector.join();
  });
  EXPECT_EQ(received, kMessages);
  const std::int64_t half = kMessages / 2;
  EXPECT_EQ(sum, 2 * (half * (half - 1) / 2));
}

}  // namespace
