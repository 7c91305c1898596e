// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// An idempotent stop(): it returns at once when a member flag says it ran
// already, and the call that set the flag went on to join every thread. The
// destructor's call is then safe whichever way stop() is left. Recognised
// from what the flag's writers do (each joins every thread after setting
// it), not from any name.
#include <atomic>
#include <thread>
#include <vector>

void work() noexcept;

class Pool {
public:
  explicit Pool(int n) {
    for (int i = 0; i < n; ++i)
      workers_.emplace_back(work);
  }
  ~Pool() { stop(); }
  void stop() {
    if (stopped_)
      return;
    stopped_ = true;
    for (std::thread &t : workers_)
      t.join();
  }

private:
  std::vector<std::thread> workers_;
  bool stopped_ = false;
};

// Variant: an atomic flag tested and set in one exchange, a single thread,
// other names, the flag cleared value meaning "running".
class Listener {
public:
  void start() { thread_ = std::thread(work); }
  ~Listener() { shutdown(); }
  void shutdown() {
    if (!running_.exchange(false))
      return;
    thread_.join();
  }

private:
  std::thread thread_;
  std::atomic<bool> running_{true};
};

// Variant: the joins one call deeper, the flag read through load(), the
// method defined out of the class.
class Service {
public:
  void start() { a_ = std::thread(work); b_ = std::thread(work); }
  ~Service() { close(); }
  void close();

private:
  void join_all() {
    a_.join();
    b_.join();
  }
  std::thread a_, b_;
  std::atomic<bool> closed_{false};
};

void Service::close() {
  if (closed_.load())
    return;
  closed_.store(true);
  join_all();
}

// Variant: a template class, instantiated.
template <class Fn> class Runner {
public:
  explicit Runner(Fn fn) : thread_(fn) {}
  ~Runner() { stop(); }
  void stop() {
    if (done_)
      return;
    done_ = true;
    if (thread_.joinable())
      thread_.join();
  }

private:
  std::thread thread_;
  bool done_ = false;
};
template class Runner<void (*)()>;
