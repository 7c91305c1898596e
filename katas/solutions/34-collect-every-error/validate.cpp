#include "validate.h"

#include <conc/channel.h>

#include <thread>

std::vector<std::string> validate_all(const std::vector<Row>& rows, int workers,
                                      const Validate& validate) {
  // A channel of problems with a slot for every row (a row has at most one
  // problem): a worker's send never waits, and no problem overwrites
  // another (Go: errs := make(chan error, len(items))).
  conc::Channel<std::string> problems(rows.size());
  {
    std::vector<std::jthread> threads;
    for (int w = 0; w < workers; ++w) {
      threads.emplace_back([&rows, &validate, &problems, w, workers] {
        for (std::size_t i = w; i < rows.size(); i += workers) {
          if (std::optional<std::string> found = validate(rows[i])) problems.send(std::move(*found));
        }
      });
    }
  }  // joins every worker: every send is done
  problems.close();

  std::vector<std::string> all;
  for (std::string problem : problems) all.push_back(std::move(problem));
  return all;
}
