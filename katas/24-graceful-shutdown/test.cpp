#include "server.h"

#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <memory>

using namespace std::chrono_literals;

// No test waits for time to pass: every signal is sent before
// serve_until_signal() is called (it must not be lost), and the jobs that
// must still be queued at shutdown are kept queued by "blocker" jobs that
// occupy the workers until the server refuses new work, i.e. until the
// shutdown has begun. A blocker checks that by submitting jobs itself, as
// jobs that enqueue follow-up work do; `extra` counts those it got in.

namespace {
std::function<void()> blocker(Server& server, std::atomic<int>& ran, std::atomic<int>& extra,
                              std::latch* started = nullptr) {
  return [&server, &ran, &extra, started] {
    if (started) started->count_down();
    while (server.submit([&ran] { ++ran; })) ++extra;
  };
}

struct Disposition {
  bool blocked;
  void (*handler)(int);
};

Disposition disposition(int sig) {
  sigset_t mask;
  pthread_sigmask(SIG_BLOCK, nullptr, &mask);
  struct sigaction action {};
  sigaction(sig, nullptr, &action);
  return {sigismember(&mask, sig) == 1, action.sa_handler};
}
}  // namespace

TEST(Server, DrainsEveryAcceptedJobWithinTheGrace) {
  auto ran = std::make_shared<std::atomic<int>>(0);
  std::atomic<int> extra = 0;
  Server server(2);
  ASSERT_TRUE(server.submit(blocker(server, *ran, extra)));
  ASSERT_TRUE(server.submit(blocker(server, *ran, extra)));
  for (int i = 0; i < 40; ++i) ASSERT_TRUE(server.submit([ran] { ++*ran; }));
  kill(getpid(), SIGTERM);
  const ShutdownReport report = server.serve_until_signal(1h);
  EXPECT_EQ(ran->load(), 40 + extra) << "accepted jobs were dropped at shutdown";
  EXPECT_EQ(report.completed, 42 + extra);
  EXPECT_EQ(report.dropped, 0);
}

TEST(Server, DropsWhatIsStillQueuedAtTheDeadline) {
  std::atomic<int> ran = 0;
  std::atomic<int> extra = 0;
  std::latch started(1);
  Server server(1);
  ASSERT_TRUE(server.submit(blocker(server, ran, extra, &started)));
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(server.submit([&ran] { ++ran; }));
  started.wait();  // the only worker is in the blocker: the five stay queued
  kill(getpid(), SIGTERM);
  // No grace: the deadline is the signal itself. The only worker is busy
  // with the blocker until the shutdown has begun, so everything queued
  // behind it is past the deadline when the worker comes back for more.
  const ShutdownReport report = server.serve_until_signal(0ms);
  EXPECT_EQ(report.completed, 1);
  EXPECT_EQ(report.dropped, 5 + extra) << "the shutdown ran queued jobs past its deadline";
  EXPECT_EQ(ran.load(), 0);
}

TEST(Server, RefusesJobsAfterShutdown) {
  Server server(1);
  kill(getpid(), SIGINT);
  EXPECT_EQ(server.serve_until_signal(1h).completed, 0);
  EXPECT_FALSE(server.submit([] {}));
}

TEST(Server, SignalBeforeServing) {
  auto ran = std::make_shared<std::atomic<int>>(0);
  Server server(3);
  ASSERT_TRUE(server.submit([ran] { ++*ran; }));
  kill(getpid(), SIGTERM);  // arrives before serve_until_signal(): must not be lost
  EXPECT_EQ(server.serve_until_signal(1h).completed, 1);
  EXPECT_EQ(ran->load(), 1);
}

// Once a server is gone, SIGTERM and SIGINT are handled as before any server
// existed (blocked or not, and with the same action: usually the default, so
// that Ctrl-C ends the process). The "before" is taken when the program
// loads, before the first test: every test above made a server, and a
// handler one of them left installed, or a mask left blocked, is still
// there now.
namespace {
const Disposition term_at_start = disposition(SIGTERM);
const Disposition interrupt_at_start = disposition(SIGINT);
}  // namespace

TEST(Server, LeavesSignalHandlingAsItFoundIt) {
  {
    Server server(2);
    kill(getpid(), SIGTERM);
    server.serve_until_signal(1h);
  }
  EXPECT_EQ(disposition(SIGTERM).blocked, term_at_start.blocked) << "SIGTERM is left blocked";
  EXPECT_EQ(disposition(SIGTERM).handler, term_at_start.handler)
      << "a SIGTERM handler is left installed";
  EXPECT_EQ(disposition(SIGINT).blocked, interrupt_at_start.blocked) << "SIGINT is left blocked";
  EXPECT_EQ(disposition(SIGINT).handler, interrupt_at_start.handler)
      << "a SIGINT handler is left installed";
}

TEST(Server, DestroyedWithoutServingStopsItsWorkers) {
  auto ran = std::make_shared<std::atomic<int>>(0);
  {
    Server server(2);
    ASSERT_TRUE(server.submit([ran] { ++*ran; }));
  }
  EXPECT_LE(ran->load(), 1);
}
