// A table whose lock is taken by a reader in one file and released by a
// helper in another (a hand-over that each file alone cannot see).
#pragma once
#include <mutex>
extern std::mutex table_mu;
extern int table_value;
void unlock_table();      // unlock.cpp: releases table_mu
void finish_read();       // unlock.cpp: releases it one call deeper
void log_table(int value); // log.cpp: does not release it
