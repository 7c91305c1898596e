// Must NOT compile under clang -Wthread-safety -Werror=thread-safety: each
// function below gets one diagnostic, which thread_safety_test in
// ../CMakeLists.txt matches (so the annotations on conc::CheckedMutex are
// proven to reach the analysis, not only to compile).
#include "conc/checked_mutex.h"
#include "conc/internal/thread_annotations.h"

namespace {

class Account {
 public:
  // Writes a guarded member without the lock.
  void deposit_unlocked(int amount) { balance_ += amount; }
  // Returns with the lock still held.
  void lock_and_forget() { mutex_.lock(); }
  // Releases a lock it does not hold.
  void unlock_unheld() { mutex_.unlock(); }
  int balance_locked() const CONC_REQUIRES(mutex_) { return balance_; }
  // Calls a function that requires the lock without holding it.
  int balance_unlocked() { return balance_locked(); }

 private:
  mutable conc::CheckedMutex mutex_{"account"};
  int balance_ CONC_GUARDED_BY(mutex_) = 0;
};

}  // namespace

int main() {
  Account account;
  account.deposit_unlocked(1);
  account.lock_and_forget();
  account.unlock_unheld();
  return account.balance_unlocked();
}
