// RUN: %check_conc_tidy %s conc-manual-lock %t
// Crash found on rocksdb (util/compression.h, ManagedPtr): a call through a
// pointer to member given as a template argument, (owner_->*Fn)(ptr), names
// its callee but has no method declaration. No lock here: silent, no crash.
#include <mutex>

template <typename T, typename Owner, auto Fn> class ManagedPtr {
public:
  ManagedPtr(Owner *owner, T *ptr) : owner_(owner), ptr_(ptr) {}
  ~ManagedPtr() {
    if (ptr_)
      (owner_->*Fn)(ptr_);
  }

private:
  Owner *owner_;
  T *ptr_;
};

class Compressor {
public:
  struct WorkingArea {};
  void ReleaseWorkingArea(WorkingArea *area);
  using ManagedArea = ManagedPtr<WorkingArea, Compressor,
                                 &Compressor::ReleaseWorkingArea>;
};

int compress(Compressor &c, Compressor::WorkingArea *area, std::mutex &mu) {
  Compressor::ManagedArea managed(&c, area);
  std::lock_guard<std::mutex> lock(mu);
  return 0;
}
