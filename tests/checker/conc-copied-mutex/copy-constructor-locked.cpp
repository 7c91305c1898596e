// RUN: %check_conc_tidy %s conc-copied-mutex %t
// Hand-written copies that hold the source's mutex while they read it, or
// that go through a locked accessor: all correct, all silent.
#include <mutex>
#include <shared_mutex>
#include <vector>

class Guarded {
public:
  Guarded() = default;
  Guarded(const Guarded &other) {
    std::lock_guard<std::mutex> lock(other.mu_);
    items_ = other.items_;
    limit_ = other.limit_;
  }
  Guarded &operator=(const Guarded &other) {
    if (this != &other) {
      std::scoped_lock both(mu_, other.mu_);
      items_ = other.items_;
      limit_ = other.limit_;
    }
    return *this;
  }

private:
  mutable std::mutex mu_;
  std::vector<int> items_;
  int limit_ = 0;
};

class ViaAccessor {
public:
  ViaAccessor(const ViaAccessor &other) : items_(other.snapshot()) {}
  std::vector<int> snapshot() const {
    std::shared_lock lock(mu_);
    return items_;
  }

private:
  mutable std::shared_mutex mu_;
  std::vector<int> items_;
};

class Delegating {
public:
  Delegating(const Delegating &other)
      : Delegating(other, std::lock_guard<std::mutex>(other.mu_)) {}

private:
  Delegating(const Delegating &other, const std::lock_guard<std::mutex> &)
      : value_(other.value_) {}
  mutable std::mutex mu_;
  int value_ = 0;
};

class ManualLock {
public:
  ManualLock(const ManualLock &other) {
    other.mu_.lock();
    value_ = other.value_;
    other.mu_.unlock();
  }

private:
  mutable std::mutex mu_;
  int value_ = 0;
};

class CopyAndSwap {
public:
  CopyAndSwap(const CopyAndSwap &other) {
    std::lock_guard<std::mutex> lock(other.mu_);
    value_ = other.value_;
  }
  CopyAndSwap &operator=(CopyAndSwap other) { // already a private copy
    std::lock_guard<std::mutex> lock(mu_);
    value_ = other.value_;
    return *this;
  }

private:
  mutable std::mutex mu_;
  const int kind_ = 0;
  int value_ = 0;
};

class ImmutableParts {
public:
  ImmutableParts(const ImmutableParts &other) : kind_(other.kind_) {
    std::lock_guard<std::mutex> lock(other.mu_);
    value_ = other.value_;
  }

private:
  mutable std::mutex mu_;
  const int kind_;
  int value_ = 0;
};
