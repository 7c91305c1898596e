// RUN: %check_conc_tidy %s conc-unjoined-thread %t -- \
// RUN:   -config="{CheckOptions: {conc-unjoined-thread.ThreadOwners: '::registry::adopt'}}"
// What a callee does with the thread is learned from its body in this
// file; functions elsewhere that take ownership are named by option.
#include <thread>

void work() noexcept;

void finish(std::thread &t) { t.join(); }
void finish_if(std::thread &t, bool really) noexcept {
  if (really)
    t.join();
}
namespace registry {
void adopt(std::thread &t); // defined elsewhere: keeps and joins it
}
void inspect(const std::thread &t) noexcept;

void joined_by_helper() {
  std::thread worker(work);
  finish(worker);
}

void adopted() {
  std::thread worker(work);
  registry::adopt(worker);
}

void joined_only_sometimes(bool really) {
  std::thread worker(work);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread 'worker' may still be joinable
  finish_if(worker, really);
}

void only_looked_at() {
  std::thread worker(work);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread 'worker' may still be joinable
  inspect(worker);
}
