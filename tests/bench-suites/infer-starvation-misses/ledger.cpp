#include "ledger.h"

void Ledger::sync_ok(Book* book) {
  std::lock_guard<std::mutex> guard(mu_);
  book->record();
}

void Ledger::total() {
  std::lock_guard<std::mutex> guard(mu_);
}
