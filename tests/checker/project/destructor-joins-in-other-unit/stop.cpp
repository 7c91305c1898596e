#include "worker.h"

void Worker::stop() {
  running_ = false;
  if (thread_.joinable())
    thread_.join();
  join_helpers();
}
