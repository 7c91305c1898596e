// RUN: %check_conc_tidy %s conc-manual-lock %t
// A member function whose bool flag is cleared on the full path without
// the unlock it stands for: the test at the label then skips the unlock and
// the function returns holding the lock. On that path the flag is out of
// step with the lock, so it says nothing there: reported.
#include <mutex>

class Journal {
public:
  int append(int record) noexcept {
    bool locked = false;
    int rc = -1;
    mu_.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'mu_' is locked here and still held on a way out of the function; unlock it on every path, or use a guard [conc-manual-lock]
    locked = true;
    if (count_ == 64) {
      locked = false;
      goto out;
    }
    entries_[count_++] = record;
    rc = 0;
  out:
    if (locked)
      mu_.unlock();
    return rc;
  }

private:
  std::mutex mu_;
  int entries_[64] = {};
  int count_ = 0;
};
