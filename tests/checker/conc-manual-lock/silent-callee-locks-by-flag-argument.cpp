// RUN: %check_conc_tidy %s conc-manual-lock %t
// C++: a member function that locks unless told the caller holds the lock,
// called under a guard with a literal and with a named constant (from a
// lambda), and unlocked; a template helper with the flag as a parameter.
#include <mutex>

class Registry {
public:
  void Add(int id) {
    std::lock_guard<std::mutex> hold(mu_);
    Count(id, /*locked=*/true);
  }

  void AddLater(int id) {
    auto add = [this, id] {
      std::lock_guard<std::mutex> hold(mu_);
      Count(id, kLocked);
    };
    add();
  }

  void Touch(int id) { Count(id, false); }

private:
  static constexpr bool kLocked = true;

  void Count(int id, bool locked) {
    if (!locked)
      mu_.lock();
    last_ = id;
    ++count_;
    if (!locked)
      mu_.unlock();
  }

  std::mutex mu_;
  int last_ = 0;
  int count_ = 0;
};

template <class Lock> void bump(Lock &mu, int &counter, bool held) {
  if (!held)
    mu.lock();
  ++counter;
  if (!held)
    mu.unlock();
}

std::mutex stats_mu;
int hits;

void record_hit() {
  std::lock_guard<std::mutex> hold(stats_mu);
  bump(stats_mu, hits, true);
}
