#include "bank.h"

namespace bank {
Ledger ledger;

void Ledger::post(int amount) {
  std::lock_guard<std::mutex> lock(mu);
  total += amount;
  audit.note(amount);
}

int Ledger::snapshot() {
  std::lock_guard<std::mutex> lock(mu);
  return total;
}
} // namespace bank
