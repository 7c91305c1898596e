#include "store.h"

#include <vector>

std::mutex journal_mu;
static std::vector<std::string> journal;

void journal_append(const std::string &entry) {
  std::lock_guard<std::mutex> lock(journal_mu);
  journal.push_back(entry);
}

void replay_journal() {
  std::lock_guard<std::mutex> lock(journal_mu);
  for (const std::string &entry : journal)
    index_put(entry);
}
