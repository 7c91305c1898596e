// RUN: %check_conc_tidy %s conc-manual-lock %t
// A bare lock()/unlock() pair around one block: std::lock_guard does the
// same and also unlocks when `apply` throws. The fix-it rewrites it.
#include <map>
#include <mutex>
#include <string>

class Config {
public:
  void set(const std::string &key, int value) {
    mu_.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'mu_' is locked and unlocked by hand; use a guard (std::lock_guard, std::scoped_lock or std::unique_lock) so that it is unlocked on every path, exceptions included [conc-manual-lock]
    values_[key] = value;
    mu_.unlock();
  }
  // CHECK-FIXES: {{^}}    std::lock_guard guard(mu_);{{$}}
  // CHECK-FIXES-NEXT: {{^}}    //{{$}}
  // CHECK-FIXES-NEXT: {{^}}    values_[key] = value;{{$}}
  // CHECK-FIXES-NEXT: {{^}}  }{{$}}

private:
  std::mutex mu_;
  std::map<std::string, int> values_;
};
