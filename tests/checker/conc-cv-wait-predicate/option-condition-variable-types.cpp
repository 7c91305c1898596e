// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t -- \
// RUN:   -config="{CheckOptions: {conc-cv-wait-predicate.ConditionVariableTypes: '::std::condition_variable;::app::CondVar'}}"
// A project's own condition variable, with std's shape, given by option.
#include <condition_variable>
#include <mutex>

namespace app {
class CondVar {
public:
  void wait(std::unique_lock<std::mutex> &lk);
  template <typename Pred> void wait(std::unique_lock<std::mutex> &lk, Pred p) {
    while (!p())
      wait(lk);
  }
};
} // namespace app

std::mutex mu;
app::CondVar cv;
bool ready = false;

void f() {
  std::unique_lock<std::mutex> lk(mu);
  cv.wait(lk);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'wait' on 'cv' without a predicate
  cv.wait(lk, [] { return ready; });
}
