// RUN: %check_conc_tidy %s conc-unbounded-threads %t -- -- -std=c++20 -I%conc_include
// Silent: the limit is set on every path before the first go().
#include <conc/errgroup.h>
#include <vector>

bool resize(int image);

bool limit_on_both_branches(const std::vector<int> &images, bool small_machine) {
  conc::ErrGroup group;
  if (small_machine)
    group.set_limit(2);
  else
    group.set_limit(8);
  for (int image : images)
    group.go([image] { return resize(image); });
  return group.wait() == nullptr;
}

class Thumbnailer {
public:
  bool run(const std::vector<int> &images) {
    conc::ErrGroup group;
    group.set_limit(limit_);
    for (int image : images)
      group.go([this, image] { return make(image); });
    return group.wait() == nullptr;
  }

private:
  bool make(int image) { return resize(image); }
  int limit_ = 4;
};

template <class Items> bool template_limit_first(const Items &items) {
  conc::ErrGroup group;
  group.set_limit(3);
  for (int item : items) {
    if (item < 0)
      continue;
    group.go([item] { return resize(item); });
  }
  return group.wait() == nullptr;
}
template bool template_limit_first(const std::vector<int> &);
