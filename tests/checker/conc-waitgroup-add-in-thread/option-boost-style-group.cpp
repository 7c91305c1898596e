// RUN: %check_conc_tidy %s conc-waitgroup-add-in-thread %t -- \
// RUN:   -config="{CheckOptions: {conc-waitgroup-add-in-thread.WaitGroupTypes: '::util::Counter', conc-waitgroup-add-in-thread.AddMethods: 'Add', conc-waitgroup-add-in-thread.WaitMethods: 'Wait', conc-waitgroup-add-in-thread.ThreadTypes: '::util::Thread'}}" \
// RUN:   -- -std=c++20 -I%conc_include
// Project types named through the options.
#include <conc/waitgroup.h>
#include <utility>

namespace util {
struct Counter {
  void Add(int);
  void Done();
  void Wait();
};
struct Thread {
  template <typename F> explicit Thread(F &&f) { (void)f; }
  void Join();
};
} // namespace util

void fan_out() {
  util::Counter counter;
  util::Thread t([&counter] {
    counter.Add(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'Add' on wait group 'counter' runs inside the thread it counts; 'Wait' may return before it runs; call 'Add' before starting the thread [conc-waitgroup-add-in-thread]
    counter.Done();
  });
  counter.Wait();
  t.Join();
}

// conc::WaitGroup is not in the option any more: silent.
void default_type_replaced() {
  conc::WaitGroup wg;
  util::Thread t([&wg] {
    wg.add(1);
    wg.done();
  });
  wg.wait();
  t.Join();
}
