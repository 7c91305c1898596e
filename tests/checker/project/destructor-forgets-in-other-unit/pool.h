#pragma once
#include <atomic>
#include <thread>
#include <vector>

namespace jobs {
template <typename Job> class Pool {
public:
  explicit Pool(int n) {
    for (int i = 0; i < n; ++i)
      workers_.emplace_back([this] { while (!done_) std::this_thread::yield(); });
  }
  ~Pool();

private:
  void shutdown();
  std::atomic<bool> done_{false};
  std::vector<std::thread> workers_;
};
} // namespace jobs
