#include "validate.h"

#include <thread>

std::vector<std::string> validate_all(const std::vector<Row>& rows, int workers,
                                      const Validate& validate) {
  std::string problem;  // set by whichever worker finds a bad row
  {
    std::vector<std::jthread> threads;
    for (int w = 0; w < workers; ++w) {
      threads.emplace_back([&rows, &validate, &problem, w, workers] {
        for (std::size_t i = w; i < rows.size(); i += workers) {
          if (std::optional<std::string> found = validate(rows[i])) problem = *found;
        }
      });
    }
  }  // joins every worker
  if (problem.empty()) return {};
  return {problem};
}
