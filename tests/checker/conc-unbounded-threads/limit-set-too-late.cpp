// RUN: %check_conc_tidy %s conc-unbounded-threads %t -- -- -std=c++20 -I%conc_include
// A group's limit bounds its tasks only when it is set before every go():
// after the loop, or on one branch only, the tasks already run unbounded.
#include <conc/errgroup.h>
#include <vector>

bool resize(int image);

bool limit_after_loop(const std::vector<int> &images) {
  conc::ErrGroup group;
  for (int image : images)
    group.go([image] { return resize(image); });
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: a task is started for every item of the input, with no bound on how many run at once; use a fixed pool of workers, a std::counting_semaphore, or set_limit on the group [conc-unbounded-threads]
  // CHECK-NOTES: :[[@LINE-3]]:20: note: the loop runs once per element of this range
  group.set_limit(4);
  return group.wait() == nullptr;
}

bool limit_on_one_branch(const std::vector<int> &images, bool small_machine) {
  conc::ErrGroup group;
  if (small_machine)
    group.set_limit(2);
  for (int image : images)
    group.go([image] { return resize(image); });
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: a task is started for every item of the input
  // CHECK-NOTES: :[[@LINE-3]]:20: note: the loop runs once per element of this range
  return group.wait() == nullptr;
}

class Thumbnailer {
public:
  bool run(const std::vector<int> &images) {
    conc::ErrGroup group;
    for (int image : images)
      group.go([this, image] { return make(image); });
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: a task is started for every item of the input
    // CHECK-NOTES: :[[@LINE-3]]:22: note: the loop runs once per element of this range
    group.set_limit(limit_);
    return group.wait() == nullptr;
  }

private:
  bool make(int image) { return resize(image); }
  int limit_ = 4;
};

template <class Items> bool template_limit_late(const Items &items) {
  conc::ErrGroup group;
  for (int item : items)
    group.go([item] { return resize(item); });
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: a task is started for every item of the input
  // CHECK-NOTES: :[[@LINE-3]]:19: note: the loop runs once per element of this range
  group.set_limit(3);
  return group.wait() == nullptr;
}
template bool template_limit_late(const std::vector<int> &);
