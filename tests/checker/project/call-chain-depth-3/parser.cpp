#include "chain.h"

void parse_entries() {
  for (int i = 0; i < 3; ++i)
    register_entry();
}
