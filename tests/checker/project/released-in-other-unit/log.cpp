#include "table.h"
#include <cstdio>

void log_table(int value) { std::printf("table: %d\n", value); }
