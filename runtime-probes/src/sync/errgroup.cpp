// conc::ErrGroup (conc/errgroup.h).
#include "conc/errgroup.h"

#include <cstdio>

#include "conc/internal/wait.h"

namespace conc {
namespace {
// The group whose task the current thread is running, to catch wait() from
// inside a task.
thread_local const ErrGroup* tls_running_group = nullptr;
}  // namespace

ErrGroup::ErrGroup() = default;

ErrGroup::ErrGroup(const Context& parent) {
  ContextAndCancel child = with_cancel(parent);
  ctx_ = std::move(child.ctx);
  cancel_ = std::move(child.cancel);
}

ErrGroup::~ErrGroup() {
  if (tls_running_group == this) return;  // reported by wait() already, if called
  wait();
}

void ErrGroup::set_limit(int n) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    limit_ = n;
  }
  slot_free_.notify_all();
}

bool ErrGroup::start(Task task, bool try_only) {
  std::unique_lock<std::mutex> lock(mutex_);
  auto has_slot = [this] { return limit_ < 0 || active_ < limit_; };
  if (!has_slot()) {
    if (try_only) return false;
    internal::BlockScope blocked({"errgroup.Go (limit reached)", this});
    slot_free_.wait(lock, has_slot);
  }
  ++active_;
  try {
    threads_.emplace_back([this, task = std::move(task)]() mutable { run(task); });
  } catch (...) {
    --active_;
    throw;
  }
  return true;
}

void ErrGroup::run(Task& task) {
  tls_running_group = this;
  std::exception_ptr error = task();
  tls_running_group = nullptr;
  bool first = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (error && !first_error_) {
      first_error_ = error;
      first = true;
    }
  }
  if (first) cancel_();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    --active_;
  }
  slot_free_.notify_one();
}

std::exception_ptr ErrGroup::wait() {
  if (tls_running_group == this) {
    char detail[64];
    std::snprintf(detail, sizeof detail, "conc::ErrGroup %p", static_cast<void*>(this));
    internal::ReportMisuse(MisuseKind::kWaitInsideOwnTask, detail, nullptr, nullptr);
    std::lock_guard<std::mutex> lock(mutex_);
    return first_error_;
  }
  // Each thread is joined by the wait() that took it out of threads_; a
  // concurrent wait() that finds none left waits until every joining wait()
  // is finished, so that no wait() returns while a task still runs (before,
  // the second caller returned at once).
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    if (!threads_.empty()) {
      std::vector<std::thread> batch;
      batch.swap(threads_);
      ++joining_;
      lock.unlock();
      {
        internal::BlockScope blocked({"errgroup.Wait", this});
        for (std::thread& thread : batch) thread.join();
      }
      lock.lock();
      --joining_;
      all_done_.notify_all();
      continue;
    }
    if (joining_ == 0) break;
    internal::BlockScope blocked({"errgroup.Wait", this});
    all_done_.wait(lock, [this] { return joining_ == 0 || !threads_.empty(); });
  }
  lock.unlock();
  cancel_();
  lock.lock();
  return first_error_;
}

}  // namespace conc
