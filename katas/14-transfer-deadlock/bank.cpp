#include "bank.h"

void transfer(Account& from, Account& to, long amount) {
  std::lock_guard lock_from(from.mutex);
  std::lock_guard lock_to(to.mutex);
  from.balance -= amount;
  to.balance += amount;
}

long total(Account& a, Account& b) {
  std::lock_guard lock_a(a.mutex);
  std::lock_guard lock_b(b.mutex);
  return a.balance + b.balance;
}
