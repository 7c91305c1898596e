#pragma once
#include <functional>
#include <string>
#include <vector>

// One health check's verdict.
struct Status {
  std::string name;
  bool healthy = false;
};

// A health check: asks one dependency (database, cache, queue...) whether
// it is up. Each probe may block on the network for a while.
using Probe = std::function<Status()>;

// Runs every probe at the same time and returns all their statuses, one per
// probe, in any order. Returns only once every probe has finished.
std::vector<Status> check_all(const std::vector<Probe>& probes);
