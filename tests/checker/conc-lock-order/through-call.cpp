// RUN: %check_conc_tidy %s conc-lock-order %t
// The second lock is taken by a function called with the first held: the
// order is followed into calls of functions defined in this file.
#include <mutex>

class Registry {
public:
  void add(int id);
  void flush();

private:
  void log(int id);
  std::mutex table_mu_;
  std::mutex log_mu_;
  int last_ = 0;
};

void Registry::log(int id) {
  std::lock_guard<std::mutex> lock(log_mu_);
  last_ = id;
}

void Registry::add(int id) {
  std::lock_guard<std::mutex> lock(table_mu_);
  log(id);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: lock order cycle 'Registry::table_mu_' -> 'Registry::log_mu_' -> 'Registry::table_mu_': threads that take these locks in these orders can deadlock
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'Registry::table_mu_' is acquired here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'Registry::log_mu_' is acquired in 'log', called here while 'Registry::table_mu_' is held
  // CHECK-NOTES: :[[@LINE+5]]:3: note: 'Registry::log_mu_' is acquired here
  // CHECK-NOTES: :[[@LINE+5]]:3: note: 'Registry::table_mu_' is acquired here while 'Registry::log_mu_' is held
}

void Registry::flush() {
  std::unique_lock<std::mutex> log(log_mu_);
  std::unique_lock<std::mutex> table(table_mu_);
  last_ = 0;
}
