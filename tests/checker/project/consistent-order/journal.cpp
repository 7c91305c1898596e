#include "store.h"

#include <vector>

std::mutex journal_mu;
static std::vector<std::string> journal;

void journal_append(const std::string &entry) {
  std::lock_guard<std::mutex> lock(journal_mu);
  journal.push_back(entry);
}

// Copies the journal under its lock, then indexes without it: index_mu is
// never taken while journal_mu is held, so every file keeps one order
// (index_mu before journal_mu).
void replay_journal() {
  std::vector<std::string> copy;
  {
    std::lock_guard<std::mutex> lock(journal_mu);
    copy = journal;
  }
  for (const std::string &entry : copy)
    index_put(entry);
}
