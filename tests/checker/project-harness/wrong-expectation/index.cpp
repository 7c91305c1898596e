#include "store.h"

#include <map>

std::mutex index_mu;
static std::map<std::string, int> index_entries;

void index_put(const std::string &key) {
  std::lock_guard<std::mutex> lock(index_mu);
  ++index_entries[key];
}

void compact_index() {
  std::lock_guard<std::mutex> lock(index_mu);
  for (const auto &[key, count] : index_entries)
    journal_append(key);
}
