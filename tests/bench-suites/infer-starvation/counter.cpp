#include <mutex>

class Counter {
 public:
  void bump_twice_bad() {
    std::lock_guard<std::mutex> guard(mu_);
    add_locked();
  }

  void bump_ok() {
    std::lock_guard<std::mutex> guard(mu_);
    ++value_;
  }

  // Infer reports this one; the branch is never taken (Infer's own FP_ok).
  void FP_ok() {
    bool again = false;
    std::lock_guard<std::mutex> guard(mu_);
    if (again) {
      mu_.lock();
    }
  }

 private:
  void add_locked() {
    std::lock_guard<std::mutex> guard(mu_);
    ++value_;
  }

  std::mutex mu_;
  int value_ = 0;
};

void use(Counter& counter) {
  counter.bump_twice_bad();
  counter.bump_ok();
  counter.FP_ok();
}
