// The index and the journal of a small store: each file alone takes its
// locks in one order; together they take index_mu and journal_mu in both.
#pragma once
#include <mutex>
#include <string>

extern std::mutex index_mu;
extern std::mutex journal_mu;

void index_put(const std::string &key);
void journal_append(const std::string &entry);
void compact_index();
void replay_journal();
