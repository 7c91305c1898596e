#include "bank.h"

namespace bank {
Audit audit;

void Audit::note(int amount) {
  std::lock_guard<std::mutex> lock(mu);
  entries += amount > 1000;
}

void Audit::flush() {
  std::unique_lock<std::mutex> lock(mu);
  if (entries > 0)
    report.append(entries);
  entries = 0;
}
} // namespace bank
