// RUN: %check_conc_tidy %s conc-lock-order %t -- -- -std=c++20 -ferror-limit=2
// CHECK-MESSAGES: error: too many errors emitted, stopping now [clang-diagnostic-error]
// Issue 21's crash as it happened: warnings made errors (here by a pragma,
// in the build by -Werror) reach the error limit, clang stops with a fatal
// error and from then on instantiates no template. Holder<Item> stays a
// class without definition, the field 'items' is invalid, and the CFG of
// ~Pool used to crash. After a fatal error nothing in the unit is analysed.
#include <mutex>

#pragma clang diagnostic error "-Wsign-conversion"
unsigned first(int x) { return x; }
// CHECK-MESSAGES: :[[@LINE-1]]:32: error: implicit conversion changes signedness: 'int' to 'unsigned int' [clang-diagnostic-sign-conversion]
unsigned second(int x) { return x; }
// CHECK-MESSAGES: :[[@LINE-1]]:33: error: implicit conversion changes signedness: 'int' to 'unsigned int' [clang-diagnostic-sign-conversion]
unsigned third(int x) { return x; }

template <class T> struct Holder {
  T value;
  ~Holder() {}
};
struct Item {
  int id;
};

struct Pool {
  std::mutex queue_mu, stats_mu;
  Holder<Item> items;
  ~Pool() {
    queue_mu.lock();
    stats_mu.lock();
    stats_mu.unlock();
    queue_mu.unlock();
  }
};

void inverted(Pool &p) {
  p.stats_mu.lock();
  p.queue_mu.lock();
  p.queue_mu.unlock();
  p.stats_mu.unlock();
}
