#include "table.h"

void unlock_table() { table_mu.unlock(); }

void finish_read() { unlock_table(); }
