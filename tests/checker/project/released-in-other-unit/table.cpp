#include "table.h"

std::mutex table_mu;
int table_value;

int read_table() {
  table_mu.lock();
  int value = table_value;
  unlock_table();
  return value;
}

int read_table_twice() {
  table_mu.lock();
  int value = table_value * 2;
  finish_read();
  return value;
}

int peek_table() {
  table_mu.lock();
  int value = table_value;
  log_table(value);
  return value;
}
