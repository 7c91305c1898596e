// RUN: %check_conc_tidy %s conc-lock-order %t
// A guard written by hand (leveldb's and abseil's MutexLock): its
// constructor locks the mutex it is given and its destructor unlocks it.
// Guards of that shape count as acquisitions.
namespace port {
class Mutex {
public:
  void Lock();
  void Unlock();
};
} // namespace port

class MutexLock {
public:
  explicit MutexLock(port::Mutex *mu) : mu_(mu) { mu_->Lock(); }
  ~MutexLock() { mu_->Unlock(); }

private:
  port::Mutex *const mu_;
};

class VersionSet {
public:
  void LogAndApply();
  void Recover();

private:
  port::Mutex mutex_;
  port::Mutex manifest_mutex_;
  int version_ = 0;
};

void VersionSet::LogAndApply() {
  MutexLock l(&mutex_);
  MutexLock m(&manifest_mutex_);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lock order cycle 'VersionSet::mutex_' -> 'VersionSet::manifest_mutex_' -> 'VersionSet::mutex_'
  ++version_;
}

void VersionSet::Recover() {
  MutexLock m(&manifest_mutex_);
  MutexLock l(&mutex_);
  version_ = 0;
}
