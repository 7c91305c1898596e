#include "worker.h"

// Tells the thread to finish, never waits for it.
void Worker::stop() {
  running_ = false;
  join_helpers();
}
