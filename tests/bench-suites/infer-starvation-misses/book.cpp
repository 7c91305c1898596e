#include "ledger.h"

void Book::flush(Ledger* ledger) {
  std::lock_guard<std::mutex> guard(mu_);
  ledger->total();
}

void Book::record() {
  std::lock_guard<std::mutex> guard(mu_);
}
