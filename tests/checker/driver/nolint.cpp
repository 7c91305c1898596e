#include <condition_variable>
#include <mutex>
std::mutex mu;
std::condition_variable cv;
void f() {
  std::unique_lock<std::mutex> lk(mu);
  cv.wait(lk); // NOLINT(conc-cv-wait-predicate)
}
