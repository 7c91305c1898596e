#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

// One line of an uploaded CSV file.
struct Row {
  int line = 0;
  std::string text;
};

// Checks one row: the problem with it ("line 7: price is negative"), or
// std::nullopt when the row is fine. May be called from several threads at
// once.
using Validate = std::function<std::optional<std::string>(const Row&)>;

// Validates the rows on `workers` threads (worker w takes rows w, w+workers,
// w+2*workers, ...) and returns every problem found, each once, in any
// order; empty when every row is fine. workers >= 1.
std::vector<std::string> validate_all(const std::vector<Row>& rows, int workers,
                                      const Validate& validate);
