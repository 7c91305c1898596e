// What the scorer must report as a miss and as a false report: a deadlock
// through a function pointer (a documented limit of the lock facts: calls
// through pointers are not followed), and a real double lock in a function
// the suite says must stay silent.
#include <mutex>

class Pool {
 public:
  void drain_bad() {
    std::lock_guard<std::mutex> guard(mu_);
    on_drain_(this);
  }

  void twice_ok() {
    std::lock_guard<std::mutex> guard(mu_);
    refill();
  }

  void refill() {
    std::lock_guard<std::mutex> guard(mu_);
  }

 private:
  static void refill_hook(Pool* pool) { pool->refill(); }

  std::mutex mu_;
  void (*on_drain_)(Pool*) = &Pool::refill_hook;
};

void use(Pool& pool) {
  pool.drain_bad();
  pool.twice_ok();
}
