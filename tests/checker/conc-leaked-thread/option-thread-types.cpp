// RUN: %check_conc_tidy %s conc-leaked-thread %t -- \
// RUN:   -config="{CheckOptions: {conc-leaked-thread.ThreadTypes: '::std::thread;::boost::thread'}}"
// Another library's thread type, named by option.
namespace boost {
class thread {
public:
  template <typename F> explicit thread(F f);
  void detach();
  void join();
};
} // namespace boost

void work() noexcept;

void run() {
  boost::thread t(work);
  t.detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread 't' is detached
}
