// RUN: %check_conc_tidy %s conc-dangling-capture %t
// Every thread ends before the variables it uses.
#include <future>
#include <thread>
#include <vector>

void work(int);

int joined_in_iteration(int n) {
  int total = 0;
  for (int i = 0; i < n; ++i) {
    std::thread t([&] { total += i; });
    t.join();
  }
  return total;
}

int joined_at_end(int n) {
  int total = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&total] { work(total); });
  for (auto &t : threads)
    t.join();
  return total;
}

void jthread_declared_after() {
  int counter = 0;
  std::jthread t([&counter] { work(counter); });
  std::vector<std::jthread> pool;
  pool.emplace_back([&counter] { work(counter); });
}

void jthread_in_loop_body(int n) {
  for (int i = 0; i < n; ++i) {
    std::jthread t([&i] { work(i); });
  }
}

void async_future(int n) {
  int value = n;
  auto f = std::async(std::launch::async, [&value] { work(value); });
  std::async(std::launch::async, [&value] { work(value); });
  std::vector<std::future<void>> results;
  for (int i = 0; i < n; ++i)
    results.push_back(std::async(std::launch::async, [&value] { work(value); }));
}

void immediately_joined(int n) {
  std::thread([&n] { work(n); }).join();
}
