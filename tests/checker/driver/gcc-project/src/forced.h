// Included into every unit with `-include` (never dropped by conc-tidy).
#pragma once
#define GCC_PROJECT_FORCED_INCLUDE 1
