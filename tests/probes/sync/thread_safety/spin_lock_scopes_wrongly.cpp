// Must NOT compile under clang -Wthread-safety -Werror=thread-safety: the
// lock scopes the channel's unbuffered paths use (SpinLockGuard and
// SpinUniqueLock, conc/internal/wait.h) are understood by the analysis, so
// a guarded member touched after the scope dropped its lock is an error.
// Each function gets one diagnostic, matched in ../CMakeLists.txt.
#include "conc/internal/thread_annotations.h"
#include "conc/internal/wait.h"

namespace {

class Handoff {
 public:
  // Reads the guarded flag after unlock(), as a handoff that forgot to
  // re-lock would.
  bool read_after_unlock() {
    conc::internal::SpinUniqueLock lock(mutex_);
    lock.unlock();
    return closed_;
  }
  // Writes it after the guard's scope ended.
  void write_after_scope() {
    { conc::internal::SpinLockGuard lock(mutex_); }
    closed_ = true;
  }
  // Correct: re-locked before the access (no diagnostic here).
  bool read_after_relock() {
    conc::internal::SpinUniqueLock lock(mutex_);
    lock.unlock();
    lock.lock();
    return closed_;
  }

 private:
  conc::internal::SpinMutex mutex_;
  bool closed_ CONC_GUARDED_BY(mutex_) = false;
};

}  // namespace

int main() {
  Handoff handoff;
  handoff.write_after_scope();
  return handoff.read_after_unlock() && handoff.read_after_relock() ? 1 : 0;
}
