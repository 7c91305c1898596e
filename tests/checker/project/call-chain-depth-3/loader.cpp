#include "chain.h"

void load_entries() { parse_entries(); }
