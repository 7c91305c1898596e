#include "service.h"

void Sessions::open(Metrics &metrics) {
  std::lock_guard<std::mutex> lock(mu_);
  ids_.push_back(static_cast<int>(ids_.size()));
  metrics.on_open();
}

int Sessions::count() {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int>(ids_.size());
}
