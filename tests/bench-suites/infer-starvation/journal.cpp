#include "store.h"

void Journal::replay_bad(Index* index) {
  mu_.lock();
  index->put();
  mu_.unlock();
}

void Journal::append() {
  std::lock_guard<std::mutex> guard(mu_);
}
