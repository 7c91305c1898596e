// ForEachThreadLocks (lock_tracker.h), what a wait-for picture reads: for
// each thread, the locks it holds and the lock it is waiting for. Linked
// with the static probe (whose lock calls are the program's) and run with
// CONC_PROBE_LOCKS=1. The worker's state is forced: it holds `first` and
// blocks on `second`, which the test holds until it has seen that.
#include <gtest/gtest.h>

#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <thread>

#include "lock_tracker.h"

namespace {

namespace locks = conc::probe::detail::locks;

struct Seen {
  bool found = false;
  locks::ThreadLocksView view;
};

Seen ViewOf(pid_t tid) {
  Seen seen;
  locks::ForEachThreadLocks([&](const locks::ThreadLocksView& v) {
    if (v.tid == tid) {
      seen.found = true;
      seen.view = v;
    }
  });
  return seen;
}

TEST(WaitForView, AThreadHoldingOneLockAndWaitingForAnother) {
  ASSERT_TRUE(locks::Active()) << "run with CONC_PROBE_LOCKS=1";
  pthread_mutex_t first = PTHREAD_MUTEX_INITIALIZER, second = PTHREAD_MUTEX_INITIALIZER;
  pthread_mutex_lock(&second);
  std::atomic<pid_t> worker_tid{0};
  std::thread worker([&] {
    pthread_mutex_lock(&first);
    worker_tid = static_cast<pid_t>(syscall(SYS_gettid));
    pthread_mutex_lock(&second);  // blocks until the test lets go
    pthread_mutex_unlock(&second);
    pthread_mutex_unlock(&first);
  });
  // The worker is blocked in its lock call once its slot says so; the
  // slot is set before the real call, so wait for it (no sleep decides).
  Seen seen;
  for (int i = 0; i < 2'000'000 && !(seen.found && seen.view.waiting_for == &second); ++i) {
    if (pid_t tid = worker_tid.load(); tid != 0) {
      seen = ViewOf(tid);
    }
    std::this_thread::yield();
  }
  // This thread holds `second` and waits for nothing.
  Seen self = ViewOf(static_cast<pid_t>(syscall(SYS_gettid)));
  pthread_mutex_unlock(&second);
  worker.join();  // before any assertion can return
  ASSERT_TRUE(seen.found);
  EXPECT_EQ(seen.view.waiting_for, &second);
  EXPECT_EQ(seen.view.waiting_kind, locks::Kind::kMutex);
  ASSERT_EQ(seen.view.held.size(), 1u);
  EXPECT_EQ(seen.view.held[0].address, &first);
  EXPECT_TRUE(seen.view.held[0].write);
  EXPECT_EQ(seen.view.held[0].count, 1u);
  EXPECT_NE(seen.view.held[0].pc, nullptr);
  ASSERT_TRUE(self.found);
  EXPECT_EQ(self.view.waiting_for, nullptr);
  ASSERT_EQ(self.view.held.size(), 1u);
  EXPECT_EQ(self.view.held[0].address, &second);
  Seen after = ViewOf(static_cast<pid_t>(syscall(SYS_gettid)));
  ASSERT_TRUE(after.found);
  EXPECT_TRUE(after.view.held.empty());
}

}  // namespace
