// RUN: %check_conc_tidy %s conc-manual-lock %t
// Guards everywhere, a recursive mutex locked again by its holder, and
// std::scoped_lock over several mutexes: silent.
#include <mutex>
#include <shared_mutex>

class Tree {
public:
  int size() {
    std::lock_guard<std::recursive_mutex> lock(mu_);
    return left() + 1;
  }
  int left() {
    std::lock_guard<std::recursive_mutex> lock(mu_); // re-entered: fine
    return count_;
  }
  void nested() {
    std::lock_guard<std::recursive_mutex> outer(mu_);
    std::lock_guard<std::recursive_mutex> inner(mu_); // recursive: allowed
    ++count_;
  }

private:
  std::recursive_mutex mu_;
  int count_ = 0;
};

std::mutex a, b;
std::shared_mutex config;
int value;

void both() {
  std::scoped_lock lock(a, b);
  ++value;
}

int read_config() {
  std::shared_lock<std::shared_mutex> lock(config);
  return value;
}

void try_once() {
  if (a.try_lock()) {
    ++value;
    a.unlock();
  }
}
