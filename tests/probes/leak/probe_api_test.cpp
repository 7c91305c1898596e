// The probe's C++ API: leaks are found and described, finishing threads are
// not reported, options ignore what they say, and it holds up under fork,
// many threads and threads started by threads.
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "conc/probe/probe.h"
#include "test_support.h"

#if defined(__SANITIZE_THREAD__)
#define UNDER_THREAD_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define UNDER_THREAD_SANITIZER 1
#endif
#endif
#ifndef UNDER_THREAD_SANITIZER
#define UNDER_THREAD_SANITIZER 0
#endif

namespace {

using conc::probe::CurrentStacks;
using conc::probe::Find;
using conc::probe::IgnoreCreatedBy;
using conc::probe::IgnoreCurrent;
using conc::probe::IgnoreSnapshot;
using conc::probe::IgnoreThreadName;
using conc::probe::IgnoreTopFunction;
using conc::probe::LeakedThread;
using conc::probe::MaxWait;
using conc::probe::Report;
using conc::probe::Snapshot;
using conc::probe::StackFrame;
using leaktest::BoundedQueue;
using leaktest::Gate;
using leaktest::WorkerPool;
using testing::HasSubstr;
using std::chrono::milliseconds;

constexpr milliseconds kShortWait{100};

bool StackHas(const std::vector<StackFrame>& stack, const std::string& function) {
  return std::any_of(stack.begin(), stack.end(), [&](const StackFrame& f) {
    return f.function.find(function) != std::string::npos;
  });
}

[[gnu::noinline]] void BlockForever(Gate& gate) {
  gate.Wait();
  asm volatile("");  // not a tail call: keep this frame on the stack
}

[[gnu::noinline]] void StartDetachedSleeper(Gate& gate) {
  std::thread([&gate] {
    pthread_setname_np(pthread_self(), "detached-sleep");
    BlockForever(gate);
  }).detach();
}

TEST(ProbeFind, ReportsADetachedThreadWithItsCreatorAndWhereItIs) {
  Snapshot before = Snapshot::Take();
  Gate gate;
  StartDetachedSleeper(gate);
  Report report = Find(IgnoreSnapshot(before), MaxWait(kShortWait));
  ASSERT_EQ(report.threads().size(), 1u) << report.ToString();
  const LeakedThread& leak = report.threads()[0];
  EXPECT_EQ(leak.name, "detached-sleep");
  EXPECT_EQ(leak.state, 'S');
  EXPECT_EQ(leak.state_name, "sleeping");
  EXPECT_THAT(leak.created_by.function, HasSubstr("StartDetachedSleeper"));
  EXPECT_THAT(leak.created_by.file, HasSubstr("probe_api_test.cpp"));
  EXPECT_GT(leak.created_by.line, 0);
  EXPECT_EQ(leak.creator_tid, gettid());
  EXPECT_TRUE(StackHas(leak.creation_stack, "ProbeFind_ReportsADetachedThread"));
  EXPECT_TRUE(StackHas(leak.current_stack, "BlockForever")) << report.ToString();
  std::string text = report.ToString();
  EXPECT_THAT(text, HasSubstr("conc-probe: found 1 unexpected thread:"));
  EXPECT_THAT(text, HasSubstr("\"detached-sleep\", sleeping (S)"));
  EXPECT_THAT(text, testing::ContainsRegex("created by [^\n]*StartDetachedSleeper\\(.*\\) at "
                                           "[^\n]*probe_api_test\\.cpp:[0-9]+"));
  EXPECT_THAT(text, HasSubstr("current stack:"));
  gate.Open();
  EXPECT_TRUE(conc::probe::VerifyNone(IgnoreSnapshot(before)));
}

[[gnu::noinline]] std::thread StartProducer(BoundedQueue<int>& queue) {
  return std::thread([&queue] {
    queue.Send(1);  // fills the buffer
    queue.Send(2);  // nobody reads: blocks forever
  });
}

TEST(ProbeFind, ReportsAThreadBlockedOnASendNobodyReads) {
  Snapshot before = Snapshot::Take();
  BoundedQueue<int> queue(1);
  std::thread producer = StartProducer(queue);
  Report report = Find(IgnoreSnapshot(before), MaxWait(kShortWait));
  ASSERT_EQ(report.threads().size(), 1u) << report.ToString();
  const LeakedThread& leak = report.threads()[0];
  EXPECT_THAT(leak.created_by.function, HasSubstr("StartProducer"));
  EXPECT_THAT(leak.created_by.file, HasSubstr("probe_api_test.cpp"));
  EXPECT_TRUE(StackHas(leak.current_stack, "BoundedQueue<int>::Send")) << report.ToString();
  queue.Abandon();
  producer.join();
  EXPECT_TRUE(Find(IgnoreSnapshot(before)).empty());
}

TEST(ProbeFind, ReportsEveryThreadOfAPoolThatWasNotShutDown) {
  Snapshot before = Snapshot::Take();
  WorkerPool pool(3);
  Report report = Find(IgnoreSnapshot(before), MaxWait(kShortWait));
  ASSERT_EQ(report.threads().size(), 3u) << report.ToString();
  for (const LeakedThread& leak : report.threads()) {
    EXPECT_EQ(leak.name, "pool-worker");
    EXPECT_THAT(leak.created_by.function, HasSubstr("WorkerPool::WorkerPool"));
    EXPECT_THAT(leak.created_by.file, HasSubstr("test_support.h"));
  }
  pool.Shutdown();
  EXPECT_TRUE(Find(IgnoreSnapshot(before)).empty());
}

TEST(ProbeFind, WaitsForThreadsThatAreFinishing) {
  Snapshot before = Snapshot::Take();
  Gate start;
  std::mt19937 random(42);
  for (int i = 0; i < 32; ++i) {
    int pause_ms = static_cast<int>(random() % 60);
    std::thread([&start, pause_ms] {
      start.Wait();
      std::this_thread::sleep_for(milliseconds(pause_ms));
    }).detach();
  }
  // They are alive when the check starts...
  EXPECT_EQ(Find(IgnoreSnapshot(before), MaxWait(milliseconds(0)), CurrentStacks(false)).threads().size(), 32u);
  start.Open();
  // ...and gone before it gives up.
  Report report = Find(IgnoreSnapshot(before), MaxWait(milliseconds(5000)));
  EXPECT_TRUE(report.empty()) << report.ToString();
}

TEST(ProbeFind, JoinedThreadsAreNeverReported) {
  Snapshot before = Snapshot::Take();
  for (int round = 0; round < 20; ++round) {
    std::vector<std::thread> threads;
    for (int i = 0; i < 10; ++i) threads.emplace_back([] {});
    for (std::thread& t : threads) t.join();
    Report report = Find(IgnoreSnapshot(before));
    ASSERT_TRUE(report.empty()) << report.ToString();
  }
}

// Parks on its own condition variable, so that ParkHere itself is the
// innermost frame outside the C/C++ runtime.
std::mutex park_mu;
std::condition_variable park_cv;
bool park_open = false;
[[gnu::noinline]] void ParkHere() {
  std::unique_lock<std::mutex> lock(park_mu);
  park_cv.wait(lock, [] { return park_open; });
  asm volatile("");
}
void Unpark() {
  {
    std::lock_guard<std::mutex> lock(park_mu);
    park_open = true;
  }
  park_cv.notify_all();
}
[[gnu::noinline]] std::thread StartIgnoredWorker(Gate& gate) {
  return std::thread([&gate] { gate.Wait(); });
}

TEST(ProbeOptions, IgnoreByNameCreatorTopFunctionAndCurrent) {
  Snapshot before = Snapshot::Take();
  Gate gate;
  std::thread named([&gate] {
    pthread_setname_np(pthread_self(), "keep-alive");
    gate.Wait();
  });
  std::thread by_creator = StartIgnoredWorker(gate);
  std::thread parked([] { ParkHere(); });
  std::thread reported([&gate] {
    pthread_setname_np(pthread_self(), "reported");
    gate.Wait();
  });
  Report report = Find(IgnoreSnapshot(before), MaxWait(kShortWait), IgnoreThreadName("keep-*"),
                       IgnoreCreatedBy("*StartIgnoredWorker*"), IgnoreTopFunction("*ParkHere*"));
  ASSERT_EQ(report.threads().size(), 1u) << report.ToString();
  EXPECT_EQ(report.threads()[0].name, "reported");
  // Without the options all four are there.
  EXPECT_EQ(Find(IgnoreSnapshot(before), MaxWait(kShortWait), CurrentStacks(false)).threads().size(), 4u);
  // IgnoreCurrent: everything alive now.
  EXPECT_TRUE(Find(IgnoreCurrent()).empty());
  gate.Open();
  Unpark();
  for (std::thread* t : {&named, &by_creator, &parked, &reported}) t->join();
}

[[gnu::noinline]] void SpawnGrandchild(Gate& gate, std::atomic<pid_t>& middle) {
  middle = gettid();
  std::thread([&gate] { gate.Wait(); }).detach();
}

TEST(ProbeFind, ThreadsStartedByThreadsNameTheirCreatorThread) {
  Snapshot before = Snapshot::Take();
  Gate gate;
  std::atomic<pid_t> middle{0};
  std::thread([&] { SpawnGrandchild(gate, middle); }).join();
  Report report = Find(IgnoreSnapshot(before), MaxWait(kShortWait));
  ASSERT_EQ(report.threads().size(), 1u) << report.ToString();
  EXPECT_EQ(report.threads()[0].creator_tid, middle.load());
  EXPECT_THAT(report.threads()[0].created_by.function, HasSubstr("SpawnGrandchild"));
  gate.Open();
  EXPECT_TRUE(Find(IgnoreSnapshot(before)).empty());
}

TEST(ProbeFind, HandlesAThousandThreads) {
  Snapshot before = Snapshot::Take();
  Gate gate;
  std::vector<std::thread> threads;
  for (int i = 0; i < 1000; ++i) threads.emplace_back([&gate] { BlockForever(gate); });
  Report report = Find(IgnoreSnapshot(before), MaxWait(milliseconds(0)));
  ASSERT_EQ(report.threads().size(), 1000u);
  int with_current_stack = 0;
  for (const LeakedThread& leak : report.threads()) {
    EXPECT_THAT(leak.created_by.function, HasSubstr("ProbeFind_HandlesAThousandThreads"));
    if (StackHas(leak.current_stack, "BlockForever")) ++with_current_stack;
  }
  EXPECT_EQ(with_current_stack, 1000);
  gate.Open();
  for (std::thread& t : threads) t.join();
  EXPECT_TRUE(Find(IgnoreSnapshot(before)).empty());
}

// A child of a multithreaded fork can create threads and check for leaks even
// if the parent was creating threads (holding the registry lock) at the fork.
TEST(ProbeFork, ChildOfABusyProcessCanCreateAndCheckThreads) {
#if UNDER_THREAD_SANITIZER
  GTEST_SKIP() << "ThreadSanitizer does not support starting threads after a multithreaded fork";
#endif
  std::atomic<bool> stop{false};
  std::thread churn([&stop] {
    while (!stop) std::thread([] {}).join();
  });
  for (int i = 0; i < 20; ++i) {
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      std::thread([] {}).join();
      bool clean = Find(MaxWait(milliseconds(200))).empty();
      Gate gate;
      std::thread leaked([&gate] { gate.Wait(); });
      bool found = Find(MaxWait(milliseconds(0)), CurrentStacks(false)).threads().size() == 1;
      _exit(clean && found ? 0 : 1);
    }
    int status = 0;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    pid_t done = 0;
    while ((done = waitpid(child, &status, WNOHANG)) == 0 &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(milliseconds(1));
    }
    if (done == 0) {
      kill(child, SIGKILL);
      waitpid(child, &status, 0);
      ADD_FAILURE() << "child " << i << " hung after fork";
      break;
    }
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child " << i;
  }
  stop = true;
  churn.join();
}

}  // namespace
