// A helper in its own file takes whatever lock its caller passes; the index
// and the journal pass each other's lock while holding their own.
#pragma once
#include <mutex>
#include <pthread.h>
#include <string>

extern std::mutex index_mu;
extern std::mutex journal_mu;

// Appends under the lock the caller names (locking.cpp).
void append_locked(std::mutex &guard, const std::string &line);
// The same, one call deeper.
void append_via_helper(std::mutex &guard, const std::string &line);

void compact_index();
void replay_journal();
