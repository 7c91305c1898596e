#include "health.h"

#include <conc/channel.h>

#include <thread>

std::vector<Status> check_all(const std::vector<Probe>& probes) {
  // Room for every status: a checker's send never waits for a reader, so the
  // checkers can all finish before anyone reads (Go: make(chan T, len(items))).
  conc::Channel<Status> statuses(probes.size());
  {
    std::vector<std::jthread> checkers;
    for (const Probe& probe : probes) {
      checkers.emplace_back([&statuses, &probe] { statuses.send(probe()); });
    }
  }  // every checker is joined here: all the statuses are in
  statuses.close();

  std::vector<Status> all;
  for (Status status : statuses) all.push_back(std::move(status));
  return all;
}
