// RUN: %check_conc_tidy %s conc-manual-lock %t
// A member function with a std::mutex and a bool that records whether it
// is held: the lock is given back around each delivery, and the two ways
// out of the loop meet at one label that unlocks only when the flag says
// so. The flow follows the flag, so neither "held on a way out" nor
// "unlocked twice" is reported; what remains is the advice every lock()
// and unlock() of a std::mutex by hand gets (std::unique_lock's unlock()
// and lock() would do the flag's work).
#include <mutex>

bool deliver(int item) noexcept;

class Outbox {
public:
  int flush(int limit) noexcept {
    bool locked = false;
    int sent = 0;
    mu_.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'mu_' is locked and unlocked by hand; use a guard (std::lock_guard, std::scoped_lock or std::unique_lock) so that it is unlocked on every path, exceptions included [conc-manual-lock]
    locked = true;
    while (count_ > 0) {
      if (sent == limit)
        goto done;
      int item = items_[--count_];
      mu_.unlock();
      locked = false;
      if (!deliver(item))
        goto done;
      ++sent;
      mu_.lock();
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'mu_' is locked and unlocked by hand; use a guard (std::lock_guard, std::scoped_lock or std::unique_lock) so that it is unlocked on every path, exceptions included [conc-manual-lock]
      locked = true;
    }
  done:
    if (locked == true)
      mu_.unlock();
    return sent;
  }

private:
  std::mutex mu_;
  int items_[16] = {};
  int count_ = 0;
};
