// RUN: %check_conc_tidy %s conc-manual-lock %t
// A member function and a template that lock on one branch and then take
// a guard on the same mutex after the branches join.
#include <mutex>

class Cache {
public:
  void refresh(bool hot) {
    if (hot)
      mu_.lock();
    std::lock_guard<std::mutex> guard(mu_);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'mu_' is locked while it is already held on some paths here: a non-recursive lock deadlocks on itself [conc-manual-lock]
    ++version_;
  }

private:
  std::mutex mu_;
  int version_ = 0;
};

template <typename Mutex> void update(Mutex &m, int &value, bool twice) {
  std::unique_lock<Mutex> first(m, std::defer_lock);
  if (twice)
    first.lock();
  std::lock_guard<Mutex> second(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'm' is locked while it is already held on some paths here: a non-recursive lock deadlocks on itself [conc-manual-lock]
  ++value;
}

void use(std::mutex &m, int &value) { update(m, value, value > 0); }
