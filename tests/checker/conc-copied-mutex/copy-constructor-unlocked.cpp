// RUN: %check_conc_tidy %s conc-copied-mutex %t
// Hand-written copies of a class with a mutex that read the source without
// holding the source's mutex: a writer holding it can be halfway through.
#include <map>
#include <mutex>
#include <string>

class Registry {
public:
  Registry() = default;
  Registry(const Registry &other) : names_(other.names_), version_(other.version_) {}
  // CHECK-NOTES: :[[@LINE-1]]:50: warning: copy constructor of 'Registry' reads 'other.names_' without holding 'other.mu_'; the copy races with whoever writes 'other' under that lock: lock the source first [conc-copied-mutex]
  // CHECK-NOTES: :[[@LINE+18]]:22: note: 'mu_' guards the members of 'Registry'

  Registry &operator=(const Registry &other) {
    std::lock_guard<std::mutex> mine(mu_); // locks only this side
    names_ = other.names_;
    // CHECK-NOTES: :[[@LINE-1]]:20: warning: copy assignment of 'Registry' reads 'other.names_' without holding 'other.mu_'
    // CHECK-NOTES: :[[@LINE+12]]:22: note: 'mu_' guards the members of 'Registry'
    version_ = other.version_;
    return *this;
  }

  void add(int id, std::string name) {
    std::lock_guard<std::mutex> lock(mu_);
    names_[id] = std::move(name);
    ++version_;
  }

private:
  mutable std::mutex mu_;
  std::map<int, std::string> names_;
  long version_ = 0;
};
