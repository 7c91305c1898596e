// RUN: %check_conc_tidy %s conc-dangling-capture %t
// A jthread (or an async future) joins in its destructor: if it is
// declared before the variable, it is destroyed after it.
#include <future>
#include <thread>
#include <vector>

void work(int);

void declared_before() {
  std::jthread t;
  int counter = 0;
  t = std::jthread([&counter] { work(counter); });
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: 'counter' is captured by reference by a thread that may outlive it
  // CHECK-NOTES: :[[@LINE-3]]:7: note: 'counter' is declared here
  // CHECK-NOTES: :[[@LINE-5]]:16: note: 't' is declared before 'counter', so it is destroyed, and joins, after 'counter'
}

void pool_outlives_iteration(int n) {
  std::vector<std::jthread> pool;
  for (int i = 0; i < n; ++i)
    pool.emplace_back([&] { work(i); });
  // CHECK-NOTES: :[[@LINE-1]]:34: warning: loop variable 'i' is captured by reference by a thread that may outlive its iteration
  // CHECK-NOTES: :[[@LINE-3]]:12: note: 'i' is declared here
  // CHECK-NOTES: :[[@LINE-5]]:29: note: the thread is owned by 'pool', which outlives 'i'
}

void future_declared_before() {
  std::future<void> done;
  int value = 42;
  done = std::async(std::launch::async, [&value] { work(value); });
  // CHECK-NOTES: :[[@LINE-1]]:43: warning: 'value' is captured by reference by a thread that may outlive it
  // CHECK-NOTES: :[[@LINE-3]]:7: note: 'value' is declared here
  // CHECK-NOTES: :[[@LINE-5]]:21: note: 'done' is declared before 'value', so it is destroyed, and joins, after 'value'
}
