// SnapshotLockState (lock_wait_state.h), what a wait-for picture reads: for
// each thread, the locks it holds and the lock it is waiting for, each with
// the return address and frame of its lock call, and the threads that
// exited holding locks. Linked
// with the static probe (whose lock calls are the program's) and run with
// CONC_PROBE_LOCKS=1. The worker's state is forced: it holds `first` and
// blocks on `second`, which the test holds until it has seen that.
#include <gtest/gtest.h>

#include <pthread.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <thread>

#include "lock_tracker.h"
#include "lock_wait_state.h"

namespace {

namespace locks = conc::probe::detail::locks;

struct Seen {
  bool found = false;
  locks::ThreadLocksView view;
};

Seen ViewOf(pid_t tid, bool exited = false) {
  Seen seen;
  for (const locks::ThreadLocksView& v : locks::SnapshotLockState()) {
    if (v.thread.tid == tid && v.exited == exited) {
      seen.found = true;
      seen.view = v;
    }
  }
  return seen;
}

const void* WaitingFor(const Seen& seen) {
  return seen.found && seen.view.waiting ? reinterpret_cast<const void*>(seen.view.waiting->lock.address)
                                         : nullptr;
}

const void* AddressOf(const locks::LockView& lock) { return reinterpret_cast<const void*>(lock.lock.address); }

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
  for (int i = 0; i < 2'000'000 && WaitingFor(seen) != &second; ++i) {
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
  EXPECT_FALSE(seen.view.exited);
  EXPECT_EQ(WaitingFor(seen), &second);
  ASSERT_TRUE(seen.view.waiting);
  EXPECT_EQ(seen.view.waiting->lock.kind, locks::Kind::kMutex);
  EXPECT_NE(seen.view.waiting->lock.id, 0u);
  EXPECT_TRUE(seen.view.waiting->write);
  EXPECT_NE(seen.view.waiting->pc, nullptr);
  ASSERT_EQ(seen.view.held.size(), 1u);
  EXPECT_EQ(AddressOf(seen.view.held[0]), &first);
  EXPECT_NE(seen.view.held[0].lock.id, seen.view.waiting->lock.id);
  EXPECT_TRUE(seen.view.held[0].write);
  EXPECT_EQ(seen.view.held[0].count, 1u);
  EXPECT_NE(seen.view.held[0].pc, nullptr);
  EXPECT_NE(seen.view.held[0].cfa, 0u);
  ASSERT_TRUE(self.found);
  EXPECT_FALSE(self.view.waiting);
  ASSERT_EQ(self.view.held.size(), 1u);
  EXPECT_EQ(AddressOf(self.view.held[0]), &second);
  Seen after = ViewOf(static_cast<pid_t>(syscall(SYS_gettid)));
  ASSERT_TRUE(after.found);
  EXPECT_TRUE(after.view.held.empty());
}

// A lock asked for again by its holder: the wait is at the second call (its
// own return address), not where the lock was first taken. The worker
// relocks a PTHREAD_MUTEX_NORMAL mutex with a timed call, which waits until
// its deadline (POSIX: a normal mutex does no deadlock detection), again and
// again until the test has seen the wait; how long that takes decides
// nothing.
TEST(WaitForView, ARelockWaitsAtItsOwnCall) {
  ASSERT_TRUE(locks::Active()) << "run with CONC_PROBE_LOCKS=1";
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_NORMAL);
  pthread_mutex_t normal;
  pthread_mutex_init(&normal, &attr);
  pthread_mutexattr_destroy(&attr);
  std::atomic<pid_t> worker_tid{0};
  std::atomic<bool> seen_enough{false};
  std::thread worker([&] {
    pthread_mutex_lock(&normal);
    worker_tid = static_cast<pid_t>(syscall(SYS_gettid));
    while (!seen_enough.load()) {
      timespec deadline;
      clock_gettime(CLOCK_REALTIME, &deadline);
      deadline.tv_nsec += 20'000'000;
      if (deadline.tv_nsec >= 1'000'000'000) {
        deadline.tv_nsec -= 1'000'000'000;
        ++deadline.tv_sec;
      }
      if (pthread_mutex_timedlock(&normal, &deadline) == 0) break;  // never: it is held
    }
    pthread_mutex_unlock(&normal);
  });
  Seen seen;
  for (int i = 0; i < 2'000'000 && WaitingFor(seen) != &normal; ++i) {
    if (pid_t tid = worker_tid.load(); tid != 0) seen = ViewOf(tid);
    std::this_thread::yield();
  }
  seen_enough = true;
  worker.join();
  ASSERT_EQ(WaitingFor(seen), &normal);
  ASSERT_EQ(seen.view.held.size(), 1u);
  EXPECT_EQ(AddressOf(seen.view.held[0]), &normal);
  EXPECT_EQ(seen.view.waiting->lock.id, seen.view.held[0].lock.id);
  EXPECT_NE(seen.view.waiting->pc, nullptr);
  EXPECT_NE(seen.view.waiting->pc, seen.view.held[0].pc) << "the wait shows the first lock call's site";
  EXPECT_EQ(seen.view.held[0].count, 1u);
  pthread_mutex_destroy(&normal);
}

// A thread that exits holding a lock stays in the picture, with where it
// took the lock: the lock it left held is why another thread waits.
TEST(WaitForView, AThreadThatExitedHoldingALock) {
  ASSERT_TRUE(locks::Active()) << "run with CONC_PROBE_LOCKS=1";
  static pthread_mutex_t left_held = PTHREAD_MUTEX_INITIALIZER;
  pid_t tid = 0;
  std::thread leaver([&] {
    tid = static_cast<pid_t>(syscall(SYS_gettid));
    pthread_mutex_lock(&left_held);
  });
  leaver.join();
  Seen gone = ViewOf(tid, /*exited=*/true);
  ASSERT_TRUE(gone.found);
  EXPECT_TRUE(gone.view.exited);
  EXPECT_FALSE(gone.view.waiting);
  ASSERT_EQ(gone.view.held.size(), 1u);
  EXPECT_EQ(AddressOf(gone.view.held[0]), &left_held);
  EXPECT_NE(gone.view.held[0].pc, nullptr);
  EXPECT_FALSE(ViewOf(tid).found) << "an exited thread is not also shown as live";
}

}  // namespace
