#include "store.h"

std::mutex journal_mu;

void replay_journal() {
  std::lock_guard<std::mutex> lock(journal_mu);
  append_via_helper(index_mu, "replayed");
}
