// A program whose static initializer starts a thread nobody stops.
#include <pthread.h>

#include <chrono>
#include <thread>

namespace {

[[gnu::noinline]] bool StartMetricsFlusher() {
  std::thread([] {
    pthread_setname_np(pthread_self(), "metrics");
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
  }).detach();
  return true;
}

const bool flusher_started = StartMetricsFlusher();

}  // namespace

int main() { return flusher_started ? 0 : 1; }
