// The deadlock watchdog, with a handler (no exit) so that it can be asserted.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "conc/channel.h"
#include "conc/context.h"
#include "conc/deadlock_watchdog.h"
#include "conc/waitgroup.h"
#include "hooks.h"

using namespace std::chrono_literals;
using testing::HasSubstr;

namespace {

TEST(DeadlockWatchdog, ReportsWhenEveryThreadIsBlocked) {
  // The test thread waits for the report on a conc channel, so that it too
  // counts as blocked (it may have used conc primitives in earlier tests).
  conc::Channel<std::string> reports(1);
  conc::DeadlockWatchdogOptions options;
  options.limit = 100ms;
  options.on_deadlock = [&](const std::string& report) { reports.try_send(report); };
  conc::enable_deadlock_watchdog(options);

  conc::Channel<int> never;   // nobody sends
  conc::Channel<int> full(1);
  full.send(0);
  conc::WaitGroup wg;
  wg.add(1);
  std::jthread receiver([&] { never.recv(); });
  std::jthread sender([&] { full.send(1); });
  std::jthread waiter([&] { wg.wait(); });

  // Waits without a deadline (a timed wait is never part of a deadlock). A
  // thread that never touches a blocking conc call (the watchdog cannot see
  // it) turns a missing report into a failure after 20 s.
  conc_test::Event reported;
  std::jthread give_up([&] {
    if (!reported.wait(20s)) reports.try_send(std::string());
  });
  std::string report = reports.recv().value_or(std::string());
  reported.set();
  give_up.join();
  ASSERT_FALSE(report.empty()) << "no deadlock reported";
  conc::disable_deadlock_watchdog();
  EXPECT_THAT(report, HasSubstr("fatal error: all goroutines are asleep - deadlock!"));
  EXPECT_THAT(report, HasSubstr("[chan receive,"));
  EXPECT_THAT(report, HasSubstr("[chan send,"));
  EXPECT_THAT(report, HasSubstr("[sync.WaitGroup.Wait,"));

  // Unblock everything.
  never.close();
  full.recv();
  wg.done();
}

TEST(DeadlockWatchdog, SilentWhileSomeThreadMakesProgress) {
  std::atomic<int> reports{0};
  conc::DeadlockWatchdogOptions options;
  options.limit = 50ms;
  options.on_deadlock = [&](const std::string&) { ++reports; };
  conc::enable_deadlock_watchdog(options);
  conc::Channel<int> ticks;
  std::jthread consumer([&] {
    for (int i = 0; i < 20; ++i) ticks.recv();
  });
  for (int i = 0; i < 20; ++i) {
    std::this_thread::sleep_for(15ms);  // this thread is running, not blocked
    ticks.send(i);
  }
  consumer.join();
  conc::disable_deadlock_watchdog();
  EXPECT_EQ(reports.load(), 0);
}

}  // namespace

namespace {

// A wait with a deadline will end by itself: it is not a deadlock, however
// long it lasts and whatever the other threads do (Go does not report while
// a timer is pending). Before the fix the watchdog reported here after
// `limit`, although the receive would have returned.
TEST(DeadlockWatchdog, SilentWhileAThreadWaitsWithADeadline) {
  std::atomic<int> reports{0};
  conc::DeadlockWatchdogOptions options;
  options.limit = 50ms;
  options.on_deadlock = [&](const std::string&) { ++reports; };
  conc::enable_deadlock_watchdog(options);
  conc::Channel<int> never, finished;
  std::jthread timed([&] {
    EXPECT_EQ(never.recv_for(600ms), std::nullopt);  // nobody sends: it times out
    finished.send(1);
  });
  finished.recv();  // this thread sleeps without a deadline meanwhile
  conc::disable_deadlock_watchdog();
  EXPECT_EQ(reports.load(), 0);
}

// Same for a thread that waits without a deadline of its own on a context
// whose deadline is pending: the timer thread will cancel it.
TEST(DeadlockWatchdog, SilentWhileAContextDeadlineIsPending) {
  std::atomic<int> reports{0};
  conc::DeadlockWatchdogOptions options;
  options.limit = 50ms;
  options.on_deadlock = [&](const std::string&) { ++reports; };
  conc::enable_deadlock_watchdog(options);
  auto [ctx, cancel] = conc::with_timeout(conc::Context::background(), 600ms);
  conc::Channel<int> finished;
  std::jthread waiter([&, ctx = ctx] {
    ctx.done().recv();
    finished.send(1);
  });
  finished.recv();
  conc::disable_deadlock_watchdog();
  cancel();
  EXPECT_EQ(reports.load(), 0);
}

}  // namespace

namespace {

using conc_test::Point;

// Plays a busy scheduler: the first thread that reaches `hold_at` (and is
// the one marked with hold_this_thread(), if one is) does not run on until
// the watchdog has checked `checks` times. Each check comes at least limit/4
// after the previous one, so 8 checks span at least twice the limit, and
// more than the grace the watchdog gives a timer that just fired. Counts
// the checks that found a deadlock meanwhile.
class KeptOffTheCpu {
 public:
  KeptOffTheCpu(Point hold_at, int checks) : hold_at_(hold_at), checks_(checks) {}

  void hold_this_thread() { held_thread_.store(std::this_thread::get_id()); }
  // The calling thread's first sleep in a conc wait sets asleep().
  void watch_this_thread_sleep() { sleeper_.store(std::this_thread::get_id()); }
  bool await_asleep() { return asleep_.wait(); }

  void on_point(Point point, const char* what) {
    const std::thread::id me = std::this_thread::get_id();
    if (point == Point::kBlocking && me == sleeper_.load()) asleep_.set();
    if (point == hold_at_ && (held_thread_.load() == std::thread::id() || me == held_thread_.load()) &&
        !held_.is_set()) {
      held_.set();
      gave_up_ = !let_go_.wait();
    } else if (point == Point::kWatchdogChecked && held_.is_set() && !let_go_.is_set()) {
      if (std::string(what) == "deadlock") ++reports_;
      if (++checks_seen_ >= checks_) let_go_.set();
    }
  }
  // Whether a thread was held for all the checks; the reports seen then.
  bool held_for_every_check() { return held_.is_set() && let_go_.is_set() && !gave_up_; }
  int reports() const { return reports_.load(); }

 private:
  const Point hold_at_;
  const int checks_;
  std::atomic<std::thread::id> held_thread_{}, sleeper_{};
  conc_test::Event asleep_, held_, let_go_;
  std::atomic<int> checks_seen_{0}, reports_{0};
  std::atomic<bool> gave_up_{false};
};

conc::DeadlockWatchdogOptions CountingReports(std::atomic<int>& reports) {
  conc::DeadlockWatchdogOptions options;
  options.limit = 50ms;
  options.on_deadlock = [&reports](const std::string&) { ++reports; };
  return options;
}

// A receiver released by a send is not blocked while it waits for a CPU,
// even though the sender then sleeps in a receive of its own. Before the
// fix the watchdog reported both threads as deadlocked here (it counted a
// thread as blocked until the thread itself left its wait), which a busy
// 2-core machine produced now and then with real timing.
TEST(DeadlockWatchdog, SilentWhileAReleasedThreadWaitsForACpu) {
  KeptOffTheCpu scheduler(Point::kReleased, 8);
  conc_test::Hooks hooks([&](Point point, const void*, const char* what) {
    scheduler.on_point(point, what);
  });
  std::atomic<int> reports{0};
  conc::enable_deadlock_watchdog(CountingReports(reports));
  conc::Channel<int> values(1), finished;
  std::jthread receiver([&] {
    scheduler.hold_this_thread();
    EXPECT_EQ(values.recv(), 7);
    finished.send(1);
  });
  ASSERT_TRUE(hooks.await_blocked(&values)) << "the receiver never slept";
  values.send(7);   // releases the receiver
  finished.recv();  // and sleeps without a deadline until it has run
  receiver.join();
  conc::disable_deadlock_watchdog();
  EXPECT_TRUE(scheduler.held_for_every_check());
  EXPECT_EQ(scheduler.reports(), 0);
  EXPECT_EQ(reports.load(), 0);
}

// A context with a 1 ms deadline releases a waiter on its done() while the
// test thread sleeps in a receive; `scheduler` holds the waiter (at
// kReleased) or the timer thread (at kTimerFired). The timer is held until
// the waiter sleeps, so that the deadline always finds it asleep.
void ExpectSilentWhileADeadlineReleasesAWaiter(Point hold_at) {
  KeptOffTheCpu scheduler(hold_at, 8);
  conc_test::Hooks hooks([&](Point point, const void*, const char* what) {
    if (point == Point::kTimerFired) {
      EXPECT_TRUE(scheduler.await_asleep()) << "the waiter never slept";
    }
    scheduler.on_point(point, what);
  });
  std::atomic<int> reports{0};
  conc::enable_deadlock_watchdog(CountingReports(reports));
  auto [ctx, cancel] = conc::with_timeout(conc::Context::background(), 1ms);
  conc::Channel<int> finished;
  std::jthread waiter([&, ctx = ctx] {
    if (hold_at == Point::kReleased) scheduler.hold_this_thread();
    scheduler.watch_this_thread_sleep();
    EXPECT_EQ(ctx.done().recv(), std::nullopt);
    finished.send(1);
  });
  finished.recv();
  waiter.join();
  conc::disable_deadlock_watchdog();
  cancel();
  EXPECT_TRUE(scheduler.held_for_every_check());
  EXPECT_EQ(scheduler.reports(), 0);
  EXPECT_EQ(reports.load(), 0);
}

// The same as above when the release is a context deadline: the timer
// thread closes done(), and the waiter it released is kept off the CPU.
TEST(DeadlockWatchdog, SilentWhileAThreadReleasedByADeadlineWaitsForACpu) {
  ExpectSilentWhileADeadlineReleasesAWaiter(Point::kReleased);
}

// While the timer thread (which the watchdog does not watch) cancels a
// context whose deadline has passed, the waiters it is about to release are
// not deadlocked, however long the cancel takes to get a CPU: the timer
// thread is held there, with every watched thread asleep. Before the fix the
// deadline stopped counting as pending when the timer took it out of its
// map, before the cancel ran.
TEST(DeadlockWatchdog, SilentWhileTheTimerThreadCancelsAContext) {
  ExpectSilentWhileADeadlineReleasesAWaiter(Point::kTimerFired);
}

}  // namespace

namespace {

int WatchdogThreads() {
  int count = 0;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string line;
    if (std::getline(comm, line) && line == "conc-watchdog") ++count;
  }
  return count;
}

// enable() while disable() has taken the thread out but not joined it yet:
// the thread being joined must still stop (before the fix enable() cleared
// the stop flag it was about to read, so it ran on and the join never
// returned), and the new enable() gets a thread of its own.
TEST(DeadlockWatchdog, EnableDuringDisableDoesNotReviveTheStoppingThread) {
  conc::enable_deadlock_watchdog({.limit = std::chrono::hours(1)});
  std::once_flag once;
  conc_test::Hooks hooks([&](conc_test::Point point, const void*, const char*) {
    if (point != conc_test::Point::kWatchdogStopping) return;
    std::call_once(once, [] {
      conc_test::Event enabled;
      std::thread([&enabled] {
        conc::enable_deadlock_watchdog({.limit = std::chrono::hours(1)});
        enabled.set();
      }).detach();
      EXPECT_TRUE(enabled.wait());
    });
  });
  auto disabled = std::make_shared<conc_test::Event>();
  std::thread disabler([disabled] {
    conc::disable_deadlock_watchdog();
    disabled->set();
  });
  bool joined = disabled->wait();
  if (joined) disabler.join(); else disabler.detach();
  ASSERT_TRUE(joined) << "disable() never returned: the thread it joins was revived";
  EXPECT_EQ(WatchdogThreads(), 1) << "the enable() in between runs its own thread";
  conc::disable_deadlock_watchdog();
  EXPECT_EQ(WatchdogThreads(), 0);
}

}  // namespace
