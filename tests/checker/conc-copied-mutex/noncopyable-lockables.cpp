// RUN: %check_conc_tidy %s conc-copied-mutex %t
// Lock classes that cannot be copied, guards that are moved, and a lock
// class whose move is its author's design: silent.
#include <atomic>
#include <mutex>
#include <utility>

class SpinLock {
public:
  SpinLock() = default;
  SpinLock(const SpinLock &) = delete;
  SpinLock &operator=(const SpinLock &) = delete;
  void lock() { while (flag_.exchange(true)) {} }
  void unlock() { flag_.store(false); }

private:
  std::atomic<bool> flag_{false};
};

class Handle {
public:
  explicit Handle(std::mutex &m) : m_(&m) {}
  Handle(Handle &&other) noexcept : m_(std::exchange(other.m_, nullptr)) {}
  void lock() { m_->lock(); }
  void unlock() { m_->unlock(); }

private:
  std::mutex *m_;
};

std::mutex mu;
SpinLock spin;

std::unique_lock<std::mutex> acquire() {
  std::unique_lock<std::mutex> lock(mu);
  return lock;
}

void use() {
  std::unique_lock<std::mutex> held = acquire();
  std::unique_lock<std::mutex> moved = std::move(held);
  Handle h(mu);
  Handle h2 = std::move(h);
  std::lock_guard<SpinLock> guard(spin);
}
