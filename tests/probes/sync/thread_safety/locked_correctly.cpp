// Must compile cleanly under clang -Wthread-safety -Werror=thread-safety:
// every way of holding a conc::CheckedMutex that the annotations describe,
// used correctly. (thread_safety_test in ../CMakeLists.txt.)
#include "conc/checked_mutex.h"
#include "conc/internal/thread_annotations.h"

namespace {

class Account {
 public:
  void deposit(int amount) CONC_EXCLUDES(mutex_) {
    mutex_.lock();
    balance_ += amount;
    mutex_.unlock();
  }
  bool try_withdraw(int amount) CONC_EXCLUDES(mutex_) {
    if (!mutex_.try_lock()) return false;
    bool ok = balance_ >= amount;
    if (ok) balance_ -= amount;
    mutex_.unlock();
    return ok;
  }
  // The caller holds the lock: checked at every call site.
  int balance_locked() const CONC_REQUIRES(mutex_) { return balance_; }
  int balance() {
    mutex_.lock();
    int value = balance_locked();
    mutex_.unlock();
    return value;
  }

 private:
  mutable conc::CheckedMutex mutex_{"account"};
  int balance_ CONC_GUARDED_BY(mutex_) = 0;
};

// A template and a lambda: the analysis follows both.
template <class T>
T read_under(conc::CheckedMutex& mutex, const T& value) CONC_REQUIRES(mutex) {
  return value;
}

// A global guarded by a global lock.
conc::CheckedMutex mutex{"global"};
int guarded CONC_GUARDED_BY(mutex) = 1;

}  // namespace

int main() {
  Account account;
  account.deposit(5);
  auto read = [&]() CONC_REQUIRES(mutex) { return read_under(mutex, guarded); };
  mutex.lock();
  int seen = read();
  mutex.unlock();
  return account.try_withdraw(3) && account.balance() == 2 && seen == 1 ? 0 : 1;
}
