// RUN: %check_conc_tidy %s conc-manual-lock %t
// A branch on a local that nothing writes after its constant initialisation
// is never taken the other way: the lock taken under `if (flag)` with
// `flag` false is never taken again. A bool, an int compared with a
// constant, a negation, in a member function and a lambda. Silent.
#include <mutex>

class Store {
public:
  void put(int v) {
    std::lock_guard<std::mutex> l(mu_);
    bool verify = false;
    if (verify) {
      std::lock_guard<std::mutex> again(mu_);
      check_ = v;
    }
    value_ = v;
  }
  void mode(int v) {
    int level = 0;
    std::lock_guard<std::mutex> l(mu_);
    if (level > 1 && v)
      mu_.lock();
    value_ = v;
  }
  void negated(int v) {
    const bool fast = true;
    std::lock_guard<std::mutex> l(mu_);
    if (!fast)
      mu_.lock();
    value_ = v;
  }

private:
  std::mutex mu_;
  int value_ = 0, check_ = 0;
};

std::mutex table_mu;
int table;

void update(int v) {
  auto step = [v] {
    bool nested = false;
    std::lock_guard<std::mutex> l(table_mu);
    if (nested)
      table_mu.lock();
    table = v;
  };
  step();
}
