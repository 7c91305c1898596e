// RUN: %check_conc_tidy %s conc-dangling-capture %t
// A function template instantiated twice is reported once.
#include <thread>
#include <vector>

template <typename T> T sum(int n) {
  T total{};
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&] { total += i; });
  // CHECK-MESSAGES: :[[@LINE-1]]:41: warning: loop variable 'i' is captured by reference by a thread that may outlive its iteration; capture it by value or join the thread before the iteration ends [conc-dangling-capture]
  for (auto &t : threads)
    t.join();
  return total;
}

int a = sum<int>(3);
long b = sum<long>(3);
