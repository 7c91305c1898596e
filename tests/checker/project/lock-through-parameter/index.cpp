#include "store.h"

std::mutex index_mu;

void compact_index() {
  std::lock_guard<std::mutex> lock(index_mu);
  append_locked(journal_mu, "compacted");
}
