// RUN: %check_conc_tidy %s conc-unbounded-threads %t -- -- -std=c++20 -I%conc_include
// A task group without a limit, and std::async per item, are threads too.
#include <conc/errgroup.h>
#include <future>
#include <vector>

bool resize(int image);

bool resize_all(const std::vector<int> &images) {
  conc::ErrGroup group;
  for (int image : images)
    group.go([image] { return resize(image); });
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: a task is started for every item of the input, with no bound on how many run at once; use a fixed pool of workers, a std::counting_semaphore, or set_limit on the group [conc-unbounded-threads]
  // CHECK-NOTES: :[[@LINE-3]]:20: note: the loop runs once per element of this range
  return group.wait() == nullptr;
}

int sum_all(const std::vector<int> &images) {
  std::vector<std::future<bool>> results;
  for (int image : images)
    results.push_back(std::async(std::launch::async, resize, image));
  // CHECK-NOTES: :[[@LINE-1]]:23: warning: a thread is started for every item of the input
  // CHECK-NOTES: :[[@LINE-3]]:20: note: the loop runs once per element of this range
  int ok = 0;
  for (auto &r : results)
    ok += r.get();
  return ok;
}
