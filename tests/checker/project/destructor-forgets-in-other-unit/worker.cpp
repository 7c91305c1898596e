#include "worker.h"

Worker::Worker() : thread_([this] { while (running_) std::this_thread::yield(); }) {
  for (int i = 0; i < 2; ++i)
    helpers_.emplace_back([this] { while (running_) std::this_thread::yield(); });
}

Worker::~Worker() { stop(); }
