// RUN: %check_conc_tidy %s conc-unsynchronized-capture %t -- \
// RUN:   -config="{CheckOptions: {conc-unsynchronized-capture.AsyncFunctions: '::std::async;::sched::schedule', conc-unsynchronized-capture.SynchronizedTypes: '::std::atomic;::sched::WaitGroup'}}"
// A task scheduler named through the options (marl::schedule, say): its
// tasks run until the wait group says they are done.
namespace sched {
template <typename F> void schedule(F &&task) { (void)task; }
struct WaitGroup {
  explicit WaitGroup(int count);
  void done();
  void wait();
};
} // namespace sched

int tally(int n) {
  int total = 0;
  sched::WaitGroup wg(n);
  for (int i = 0; i < n; ++i)
    sched::schedule([&, i] {
      total += i;
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'total' is written by a thread and written by another run of the same thread with no lock held; guard both with the same mutex or make it atomic [conc-unsynchronized-capture]
      // CHECK-NOTES: :[[@LINE-3]]:5: note: the thread is started here, once per iteration
      wg.done();
    });
  wg.wait();
  return total; // after the wait: ordered
}
