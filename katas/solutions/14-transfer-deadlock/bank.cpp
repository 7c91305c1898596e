#include "bank.h"

void transfer(Account& from, Account& to, long amount) {
  // Both locks at once, with deadlock avoidance: no order to get wrong.
  std::scoped_lock lock(from.mutex, to.mutex);
  from.balance -= amount;
  to.balance += amount;
}

long total(Account& a, Account& b) {
  std::scoped_lock lock(a.mutex, b.mutex);
  return a.balance + b.balance;
}
