#pragma once
#include <mutex>

struct Account {
  std::mutex mutex;  // guards balance
  long balance = 0;
};

// Moves `amount` from one account to another, atomically: no thread ever
// sees the money in both accounts or in neither. from and to are different.
void transfer(Account& from, Account& to, long amount);

// Total of two accounts, read atomically. a and b are different.
long total(Account& a, Account& b);
