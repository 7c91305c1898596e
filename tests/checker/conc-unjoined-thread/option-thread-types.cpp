// RUN: %check_conc_tidy %s conc-unjoined-thread %t -- \
// RUN:   -config="{CheckOptions: {conc-unjoined-thread.ThreadTypes: '::std::thread;::boost::thread'}}"
// A thread type of another library, named by option, is followed like
// std::thread. No jthread fix-it: it is not a std::thread.
#include <thread>

namespace boost {
class thread {
public:
  thread() noexcept;
  template <typename F> explicit thread(F f);
  ~thread();
  void join();
  bool joinable() const noexcept;
};
} // namespace boost

void work() noexcept;
bool stop_early() noexcept;

void run() {
  boost::thread worker(work);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: thread 'worker' may still be joinable when it is destroyed, which calls std::terminate
  if (stop_early())
    return;
  worker.join();
}
