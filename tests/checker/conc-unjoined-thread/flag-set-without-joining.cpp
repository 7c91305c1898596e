// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// A stop() that returns early on a member flag proves nothing when some
// writer of the flag does not go on to join: the early return may then be
// taken with the threads still running.
#include <atomic>
#include <thread>
#include <vector>

void work() noexcept;

// request_stop() sets the flag without joining: after it, ~Pool() calls
// stop(), which returns at once, and the threads are destroyed joinable.
class Pool {
public:
  explicit Pool(int n) {
    for (int i = 0; i < n; ++i)
      workers_.emplace_back(work);
  }
  ~Pool() { stop(); }
  void request_stop() { stopped_ = true; }
  void stop() {
    if (stopped_)
      return;
    stopped_ = true;
    for (std::thread &t : workers_)
      t.join();
  }

private:
  std::vector<std::thread> workers_;
  // CHECK-NOTES: :[[@LINE-1]]:28: warning: member 'workers_' may still hold joinable threads when 'Pool' is destroyed
  // CHECK-NOTES: :[[@LINE-13]]:21: note: the destructor of 'Pool' returns here without joining 'workers_'
  bool stopped_ = false;
};

// Variant: the writer sets the flag, then leaves early on another path
// before the join.
class Early {
public:
  void start() { thread_ = std::thread(work); }
  ~Early() { stop(); }
  void stop() {
    if (stopped_)
      return;
    stopped_ = true;
    if (paused_)
      return;
    thread_.join();
  }

private:
  std::thread thread_;
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: member thread 'thread_' may still be joinable when 'Early' is destroyed
  // CHECK-NOTES: :[[@LINE-13]]:22: note: the destructor of 'Early' returns here without joining 'thread_'
  bool stopped_ = false;
  bool paused_ = false;
};

// Variant: the flag is set from a lambda (another thread): no telling what
// it means.
class FromCallback {
public:
  void start() {
    thread_ = std::thread([this] { done_ = true; });
  }
  ~FromCallback() { stop(); }
  void stop() {
    if (done_)
      return;
    done_ = true;
    thread_.join();
  }

private:
  std::thread thread_;
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: member thread 'thread_' may still be joinable when 'FromCallback' is destroyed
  // CHECK-NOTES: :[[@LINE-11]]:29: note: the destructor of 'FromCallback' returns here without joining 'thread_'
  std::atomic<bool> done_{false};
};
