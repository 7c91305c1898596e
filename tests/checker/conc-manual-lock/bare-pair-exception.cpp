// RUN: %check_conc_tidy %s conc-manual-lock %t
// Balanced on every normal path, but the insertion can throw (bad_alloc)
// with the mutex held: the notes name that path.
#include <mutex>
#include <string>
#include <vector>

class Journal {
public:
  bool append(const std::string &entry) {
    mu_.lock();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'mu_' is locked and unlocked by hand; use a guard (std::lock_guard, std::scoped_lock or std::unique_lock) so that it is unlocked on every path, exceptions included [conc-manual-lock]
    if (closed_) {
      mu_.unlock();
      return false;
    }
    entries_.push_back(entry);
    // CHECK-NOTES: :[[@LINE-1]]:14: note: 'mu_' stays locked if 'push_back' throws here
    mu_.unlock();
    return true;
  }

private:
  std::mutex mu_;
  bool closed_ = false;
  std::vector<std::string> entries_;
};
