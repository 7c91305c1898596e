// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// Created and joined under the same condition: no path leaves it
// joinable.
#include <thread>

void work() noexcept;
void prepare() noexcept;

void same_flag(bool background) {
  std::thread worker;
  if (background)
    worker = std::thread(work);
  prepare();
  if (background)
    worker.join();
}

void negated_flag(bool inline_only) {
  std::thread worker;
  if (!inline_only)
    worker = std::thread(work);
  prepare();
  if (!inline_only)
    worker.join();
}

void joinable_test(bool background) {
  std::thread worker;
  if (background)
    worker = std::thread(work);
  prepare();
  if (worker.joinable())
    worker.join();
}
