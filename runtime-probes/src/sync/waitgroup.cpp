// conc::WaitGroup (conc/waitgroup.h).
#include "conc/waitgroup.h"

#include <cstdio>
#include <string>

#include "conc/internal/wait.h"

namespace conc {

void WaitGroup::add(std::int64_t delta) {
  std::int64_t before = counter_.fetch_add(delta, std::memory_order_seq_cst);
  std::int64_t after = before + delta;
  if (after < 0) {
    // Undo first, so that under kThrow/kLog the group stays usable.
    counter_.fetch_sub(delta, std::memory_order_seq_cst);
    char detail[96];
    std::snprintf(detail, sizeof detail, "conc::WaitGroup %p: counter %lld %+lld",
                  static_cast<void*>(this), static_cast<long long>(before),
                  static_cast<long long>(delta));
    internal::ReportMisuse(MisuseKind::kNegativeWaitGroupCounter, detail, nullptr, nullptr);
    return;
  }
  // Dekker with wait(): counter_ (seq_cst RMW above) vs sleepers_ (seq_cst).
  // Touching mutex_ only when someone sleeps keeps the destroy-after-wait rule.
  if (after == 0 && sleepers_.load(std::memory_order_seq_cst) != 0) {
    std::lock_guard<std::mutex> lock(mutex_);
    zero_.notify_all();
  }
}

void WaitGroup::wait() {
  if (counter_.load(std::memory_order_acquire) == 0) return;
  internal::BlockScope blocked({"sync.WaitGroup.Wait", this});
  std::unique_lock<std::mutex> lock(mutex_);
  sleepers_.fetch_add(1, std::memory_order_seq_cst);
  zero_.wait(lock, [this] { return counter_.load(std::memory_order_seq_cst) == 0; });
  sleepers_.fetch_sub(1, std::memory_order_relaxed);
}

bool WaitGroup::wait_until_steady(std::chrono::steady_clock::time_point deadline) {
  if (counter_.load(std::memory_order_acquire) == 0) return true;
  internal::BlockScope blocked({"sync.WaitGroup.Wait", this});
  std::unique_lock<std::mutex> lock(mutex_);
  sleepers_.fetch_add(1, std::memory_order_seq_cst);
  bool reached = zero_.wait_until(
      lock, deadline, [this] { return counter_.load(std::memory_order_seq_cst) == 0; });
  sleepers_.fetch_sub(1, std::memory_order_relaxed);
  return reached;
}

}  // namespace conc
