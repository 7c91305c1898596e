#include "health.h"

#include <conc/channel.h>

#include <thread>

std::vector<Status> check_all(const std::vector<Probe>& probes) {
  conc::Channel<Status> statuses;  // each checker sends its probe's status here
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
