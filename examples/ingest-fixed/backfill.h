// Backfill: feed archived log files into a running service, several files at
// a time, and report how much was read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "service.h"

namespace ingest {

struct BackfillOptions {
  std::size_t readers = 4;  // files read at the same time
};

struct BackfillResult {
  std::size_t files = 0;
  std::uint64_t lines = 0;
};

// Reads every file line by line into `service` and returns once all of them
// have been submitted. Throws std::runtime_error if a file cannot be opened.
BackfillResult backfill(Service& service, const std::vector<std::string>& files,
                        const BackfillOptions& options = {});

}  // namespace ingest
