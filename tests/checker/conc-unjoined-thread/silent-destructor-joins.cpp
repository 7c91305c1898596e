// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// Destructors that join: directly, under joinable(), through a member
// function, or every element of a member container.
#include <thread>
#include <vector>

void work() noexcept;

class Direct {
  std::thread worker_;

public:
  Direct() : worker_(work) {}
  ~Direct() { worker_.join(); }
};

class Guarded {
  std::thread worker_;

public:
  void start() { worker_ = std::thread(work); }
  ~Guarded() {
    if (worker_.joinable())
      worker_.join();
  }
};

class ThroughStop {
  std::thread worker_;
  bool stopping_ = false;

public:
  void start() { worker_ = std::thread(work); }
  void stop() {
    stopping_ = true;
    if (worker_.joinable())
      worker_.join();
  }
  ~ThroughStop() { stop(); }
};

class Pool {
  std::vector<std::thread> workers_;

public:
  explicit Pool(int n) {
    for (int i = 0; i < n; ++i)
      workers_.emplace_back(work);
  }
  ~Pool() {
    for (std::thread &t : workers_)
      if (t.joinable())
        t.join();
  }
};

class IndexJoined {
  std::thread workers_[4];

public:
  ~IndexJoined() {
    for (int i = 0; i < 4; ++i)
      workers_[i].join();
  }
};

// No destructor of its own: users call Stop(); nothing to judge here.
class ManualStop {
  std::thread worker_;

public:
  void Start() { worker_ = std::thread(work); }
  void Stop() { worker_.join(); }
};
