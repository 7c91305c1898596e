// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// A class that owns a thread must join it in its destructor.
#include <thread>
#include <vector>

void work() noexcept;

class Server {
public:
  void start() { worker_ = std::thread(work); }
  ~Server() { log_shutdown(); }

private:
  void log_shutdown() noexcept {}
  std::thread worker_;
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: member thread 'worker_' may still be joinable when 'Server' is destroyed, which calls std::terminate; join it in the destructor or make it a std::jthread [conc-unjoined-thread]
  // CHECK-NOTES: :[[@LINE-6]]:31: note: the destructor of 'Server' returns here without joining 'worker_'
};

class Pool {
public:
  ~Pool() {
    if (!started_)
      return;
    for (auto &t : workers_)
      t.join();
  }

private:
  bool started_ = false;
  std::vector<std::thread> workers_;
  // CHECK-NOTES: :[[@LINE-1]]:28: warning: member 'workers_' may still hold joinable threads when 'Pool' is destroyed
  // CHECK-NOTES: :[[@LINE-9]]:7: note: the destructor of 'Pool' returns here without joining 'workers_'
};
