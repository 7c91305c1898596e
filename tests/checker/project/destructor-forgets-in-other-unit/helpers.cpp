#include "worker.h"

void Worker::join_helpers() {
  for (std::thread &helper : helpers_)
    if (helper.joinable())
      helper.join();
  helpers_.clear();
}
