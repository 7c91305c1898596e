// RUN: %check_conc_tidy %s conc-manual-lock %t
// A deferred std::unique_lock blocks on its mutex when its lock() is
// called: if that mutex is held there (by another guard, by hand, by the
// caller's guard), the thread deadlocks on itself. In a member function, a
// class template, and a free function where two deferred guards meet on
// one path. (A deferred guard locked inside a callee is not followed.)
#include <mutex>

class Cache {
public:
  void refresh() {
    std::unique_lock<std::mutex> later(mu_, std::defer_lock);
    std::lock_guard<std::mutex> now(mu_);
    later.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'mu_' is locked while it is already held on this path: a non-recursive lock deadlocks on itself [conc-manual-lock]
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: 'mu_' was locked here
    ++version_;
  }
  void by_hand() {
    mu_.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'mu_' is locked and unlocked by hand; use a guard (std::lock_guard, std::scoped_lock or std::unique_lock) so that it is unlocked on every path, exceptions included [conc-manual-lock]
    std::unique_lock<std::mutex> later(mu_, std::defer_lock);
    later.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'mu_' is locked while it is already held on this path: a non-recursive lock deadlocks on itself [conc-manual-lock]
    // CHECK-MESSAGES: :[[@LINE-5]]:5: note: 'mu_' was locked here
    ++version_;
    later.unlock();
    mu_.unlock();
    ++version_;
  }

private:
  std::mutex mu_;
  int version_ = 0;
};

template <class Value> class Slot {
public:
  void store(Value v) {
    std::lock_guard<std::mutex> outer(mu_);
    std::unique_lock<std::mutex> inner(mu_, std::defer_lock);
    inner.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'mu_' is locked while it is already held on this path: a non-recursive lock deadlocks on itself [conc-manual-lock]
    // CHECK-MESSAGES: :[[@LINE-4]]:5: note: 'mu_' was locked here
    value_ = v;
  }

private:
  std::mutex mu_;
  Value value_{};
};

template class Slot<int>;

std::mutex registry_mu;
int registered;

void register_twice(bool fresh) {
  std::unique_lock<std::mutex> held(registry_mu, std::defer_lock);
  if (fresh)
    held.lock();
  std::unique_lock<std::mutex> again(registry_mu, std::defer_lock);
  again.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'registry_mu' is locked while it is already held on some paths here: a non-recursive lock deadlocks on itself [conc-manual-lock]
  // CHECK-MESSAGES: :[[@LINE-4]]:5: note: 'registry_mu' was locked here
  ++registered;
}
