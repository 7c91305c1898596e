#include "thumbnails.h"

#include <conc/internal/test_hooks.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <latch>
#include <mutex>
#include <stdexcept>
#include <thread>

// No test waits for time to pass. In LimitIsNeverExceeded a thumbnail, once
// started, does not finish until every photo has started, or until the
// caller of make_thumbnails is about to sleep in libconc (libconc's test
// hook says when a thread is about to sleep in one of its primitives:
// ErrGroup::go waiting for a free slot, ErrGroup::wait, a channel...): each
// such sleep lets one thumbnail finish. Bounded, each go() that waits for a
// slot frees one and the caller goes on; unbounded, the caller sleeps only
// once, in wait(), so at most one thumbnail finishes before every photo
// has started, whatever the schedule: 7 or 8 run at once, never 3.

namespace {
namespace hooks = conc::internal::test_hooks;

class Workshop {
 public:
  explicit Workshop(int photos) : photos_(photos) {}

  // The thumbnail maker: counts who runs at once, then waits for its turn.
  void make(const Photo&) {
    std::unique_lock lock(mutex_);
    ++running_;
    ++started_;
    peak_ = std::max(peak_, running_);
    changed_.notify_all();
    changed_.wait(lock, [this] { return finish_tokens_ > 0 || started_ == photos_; });
    if (started_ != photos_) --finish_tokens_;
    --running_;
  }

  // The caller is about to wait inside libconc: one thumbnail may finish.
  void caller_waits() {
    std::lock_guard lock(mutex_);
    ++finish_tokens_;
    changed_.notify_all();
  }

  int peak() {
    std::lock_guard lock(mutex_);
    return peak_;
  }

 private:
  const int photos_;
  std::mutex mutex_;
  std::condition_variable changed_;
  int running_ = 0;
  int started_ = 0;
  int peak_ = 0;
  int finish_tokens_ = 0;
};

// The hook is process-wide and a plain function pointer: it reaches the
// test's workshop through these, set only while make_thumbnails runs.
std::atomic<Workshop*> current_workshop = nullptr;
std::atomic<std::thread::id> caller;

void on_libconc_point(hooks::Point point, const void*, const char*) {
  if (point != hooks::Point::kBlocking || std::this_thread::get_id() != caller.load()) return;
  if (Workshop* workshop = current_workshop.load()) workshop->caller_waits();
}

std::vector<Photo> photos(int count) {
  std::vector<Photo> all;
  for (int i = 0; i < count; ++i) all.push_back({"IMG_" + std::to_string(1000 + i) + ".jpg"});
  return all;
}

// Watches the calling thread's waits in libconc for one workshop, for the
// lifetime of the scope (also when make_thumbnails throws).
class WatchCaller {
 public:
  explicit WatchCaller(Workshop& workshop) {
    current_workshop = &workshop;
    caller = std::this_thread::get_id();
    hooks::hook = &on_libconc_point;
  }
  ~WatchCaller() {
    hooks::hook = nullptr;  // make_thumbnails has joined every thread that could reach it
    current_workshop = nullptr;
  }
  WatchCaller(const WatchCaller&) = delete;
  WatchCaller& operator=(const WatchCaller&) = delete;
};

// Makes `count` thumbnails with the given limit; returns how many ran at once at most.
int peak_parallelism(int count, int max_parallel) {
  Workshop workshop(count);
  {
    WatchCaller watch(workshop);
    make_thumbnails(photos(count), max_parallel, [&workshop](const Photo& p) { workshop.make(p); });
  }
  return workshop.peak();
}
}  // namespace

TEST(Thumbnails, MakesEveryThumbnail) {
  std::mutex mutex;
  std::vector<std::string> made;
  make_thumbnails(photos(7), 3, [&](const Photo& p) {
    std::lock_guard lock(mutex);
    made.push_back(p.name);
  });
  std::sort(made.begin(), made.end());
  std::vector<std::string> expected;
  for (const Photo& p : photos(7)) expected.push_back(p.name);
  EXPECT_EQ(made, expected);
}

TEST(Thumbnails, NoPhotos) {
  make_thumbnails({}, 4, [](const Photo&) { FAIL() << "no photo to make"; });
}

TEST(Thumbnails, LimitIsNeverExceeded) {
  EXPECT_LE(peak_parallelism(8, 3), 3) << "more thumbnails at once than the limit";
}

TEST(Thumbnails, OneAtATime) { EXPECT_EQ(peak_parallelism(4, 1), 1); }

// Up to the limit, they do run together: each of these three waits until
// all three have started (a limit of 1 or 2 would never let them).
TEST(Thumbnails, UpToTheLimitRunTogether) {
  std::latch together(3);
  make_thumbnails(photos(3), 3, [&together](const Photo&) { together.arrive_and_wait(); });
}

TEST(Thumbnails, TheFirstFailureAfterAllWereTried) {
  std::mutex mutex;
  int tried = 0;
  try {
    make_thumbnails(photos(6), 2, [&](const Photo& p) {
      {
        std::lock_guard lock(mutex);
        ++tried;
      }
      if (p.name == "IMG_1003.jpg") throw std::runtime_error("cannot decode " + p.name);
    });
    FAIL() << "no exception";
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(), "cannot decode IMG_1003.jpg");
  }
  EXPECT_EQ(tried, 6);
}
