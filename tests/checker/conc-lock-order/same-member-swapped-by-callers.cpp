// RUN: %check_conc_tidy %s conc-lock-order %t
// A function whose callers in this file pass the two objects in both
// orders, one that a caller passes the same object twice, and a comparison
// that decides something else than the order: still reported.
#include <mutex>

struct Node {
  std::mutex mu;
  int value = 0;
};

static void link(Node &parent, Node &child) {
  std::lock_guard<std::mutex> p(parent.mu);
  std::lock_guard<std::mutex> c(child.mu);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'child.mu' is locked while 'parent.mu' is held, a lock of the same kind in another object
  child.value = parent.value;
}

Node a, b;

void build() {
  link(a, b);
  link(b, a);
}

static void copy(Node &from, Node &to) {
  std::lock_guard<std::mutex> f(from.mu);
  std::lock_guard<std::mutex> t(to.mu);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'to.mu' is locked while 'from.mu' is held, a lock of the same kind in another object
  to.value = from.value;
}

void refresh() { copy(a, a); }

void bigger_wins(Node &x, Node &y) {
  std::lock_guard<std::mutex> first(x.mu);
  if (x.value < 10) {
    std::lock_guard<std::mutex> second(y.mu);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'y.mu' is locked while 'x.mu' is held, a lock of the same kind in another object
    y.value = x.value;
  }
}
