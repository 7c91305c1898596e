#include "bank.h"

namespace bank {
Report report;

void Report::append(int entries) {
  std::scoped_lock lock(mu);
  lines += entries;
}

void Report::rollover() {
  std::scoped_lock lock(mu);
  lines = ledger.snapshot();
}
} // namespace bank
