// RUN: %check_conc_tidy %s conc-unsynchronized-capture %t -- -- -std=c++20 -I%conc_include
// Tasks of a group are threads too.
#include <conc/errgroup.h>
#include <vector>

int size_of(int file);

int total_size(const std::vector<int> &files) {
  int total = 0;
  conc::ErrGroup group;
  group.set_limit(8);
  for (int file : files)
    group.go([&total, file] { total += size_of(file); });
  // CHECK-NOTES: :[[@LINE-1]]:31: warning: 'total' is written by a thread and written by another run of the same thread with no lock held
  // CHECK-NOTES: :[[@LINE-2]]:5: note: the thread is started here, once per iteration
  group.wait();
  return total;
}
