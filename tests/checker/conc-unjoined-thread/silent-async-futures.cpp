// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// std::async's future waits in its destructor; no thread object to join.
#include <future>
#include <vector>

int compute(int) noexcept;
void step(); // may throw

int sum(int n) {
  std::vector<std::future<int>> parts;
  for (int i = 0; i < n; ++i)
    parts.push_back(std::async(std::launch::async, compute, i));
  step();
  int total = 0;
  for (auto &f : parts)
    total += f.get();
  return total;
}

void fire_and_wait() {
  auto f = std::async(std::launch::async, [] { return compute(1); });
  if (f.valid())
    return;
  f.wait();
}
