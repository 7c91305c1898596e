// RUN: %check_conc_tidy %s conc-lock-order %t
// The same member of two objects locked one after the other, in an order
// the code fixes: by a key comparison, by address (also through
// std::less), in a member function comparing `this`, in a template, and
// in a function that every caller in this file calls in one order.
#include <functional>
#include <mutex>

struct Account {
  std::mutex mu;
  long id = 0;
  long balance = 0;
};

void transfer(Account &from, Account &to, long amount) {
  if (from.id < to.id) {
    std::lock_guard<std::mutex> first(from.mu);
    std::lock_guard<std::mutex> second(to.mu);
    from.balance -= amount;
    to.balance += amount;
  } else {
    std::lock_guard<std::mutex> first(to.mu);
    std::lock_guard<std::mutex> second(from.mu);
    from.balance -= amount;
    to.balance += amount;
  }
}

template <typename T> void swap_balances(T &a, T &b) {
  if (std::less<T *>()(&a, &b)) {
    a.mu.lock();
    b.mu.lock();
  } else {
    b.mu.lock();
    a.mu.lock();
  }
  long t = a.balance;
  a.balance = b.balance;
  b.balance = t;
  b.mu.unlock();
  a.mu.unlock();
}

void use(Account &x, Account &y) { swap_balances(x, y); }

class Settings {
public:
  void copy_from(const Settings &other) {
    if (this < &other) {
      std::lock_guard<std::mutex> mine(mu_);
      std::lock_guard<std::mutex> theirs(other.mu_);
      value_ = other.value_;
    } else {
      std::lock_guard<std::mutex> theirs(other.mu_);
      std::lock_guard<std::mutex> mine(mu_);
      value_ = other.value_;
    }
  }

private:
  mutable std::mutex mu_;
  int value_ = 0;
};

struct Node {
  std::mutex mu;
  int value = 0;
};

static void link(Node &parent, Node &child) {
  std::lock_guard<std::mutex> p(parent.mu);
  std::lock_guard<std::mutex> c(child.mu);
  child.value = parent.value;
}

Node root, left_leaf, right_leaf;

void build() {
  link(root, left_leaf);
  link(root, right_leaf);
  link(left_leaf, right_leaf);
}
