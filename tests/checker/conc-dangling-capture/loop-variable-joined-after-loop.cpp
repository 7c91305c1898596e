// RUN: %check_conc_tidy %s conc-dangling-capture %t
// Go's loop-variable capture in C++: the threads are joined after the loop,
// by then each iteration's variable is gone.
#include <string>
#include <thread>
#include <vector>

void work(int);
void fetch(const std::string &);

void explicit_capture(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&i] { work(i); });
  // CHECK-NOTES: :[[@LINE-1]]:28: warning: loop variable 'i' is captured by reference by a thread that may outlive its iteration; capture it by value or join the thread before the iteration ends [conc-dangling-capture]
  // CHECK-NOTES: :[[@LINE-3]]:12: note: 'i' is declared here
  // CHECK-NOTES: :[[@LINE+2]]:7: note: the thread is joined here, after 'i' has gone out of scope
  for (auto &t : threads)
    t.join();
}

void default_capture(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&] { work(i); });
  // CHECK-NOTES: :[[@LINE-1]]:37: warning: loop variable 'i' is captured by reference by a thread that may outlive its iteration
  // CHECK-NOTES: :[[@LINE-3]]:12: note: 'i' is declared here
  // CHECK-NOTES: :[[@LINE+2]]:7: note: the thread is joined here, after 'i' has gone out of scope
  for (auto &t : threads)
    t.join();
}

void range_loop_copy(const std::vector<std::string> &urls) {
  std::vector<std::thread> threads;
  for (std::string url : urls)
    threads.push_back(std::thread([&] { fetch(url); }));
  // CHECK-NOTES: :[[@LINE-1]]:47: warning: loop variable 'url' is captured by reference by a thread that may outlive its iteration
  // CHECK-NOTES: :[[@LINE-3]]:20: note: 'url' is declared here
  // CHECK-NOTES: :[[@LINE+2]]:16: note: the thread is joined here, after 'url' has gone out of scope
  for (std::size_t k = 0; k < threads.size(); ++k)
    threads[k].join();
}

void body_local(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    int square = i * i;
    threads.emplace_back([&square] { work(square); });
    // CHECK-NOTES: :[[@LINE-1]]:28: warning: 'square' is captured by reference by a thread that may outlive it; capture it by value or join the thread before its scope ends [conc-dangling-capture]
    // CHECK-NOTES: :[[@LINE-3]]:9: note: 'square' is declared here
    // CHECK-NOTES: :[[@LINE+3]]:7: note: the thread is joined here, after 'square' has gone out of scope
  }
  for (auto &t : threads)
    t.join();
}
