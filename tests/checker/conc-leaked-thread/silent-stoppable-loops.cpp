// RUN: %check_conc_tidy %s conc-leaked-thread %t
// Loops that can stop: on a stop token, an atomic flag, a break, a
// return, a throw, or a condition that another thread changes.
#include <atomic>
#include <stdexcept>
#include <stop_token>
#include <thread>

void poll() noexcept;
bool more() noexcept;
std::atomic<bool> running{true};

void on_stop_token() {
  std::jthread worker([](std::stop_token token) {
    while (!token.stop_requested())
      poll();
  });
}

void on_atomic_flag() {
  std::thread worker([] {
    while (running.load())
      poll();
  });
  running = false;
  worker.join();
}

void on_break() {
  std::thread worker([] {
    for (;;) {
      if (!running)
        break;
      poll();
    }
  });
  worker.join();
}

void on_return_or_throw() {
  std::thread a([] {
    while (true) {
      if (!more())
        return;
      poll();
    }
  });
  std::thread b([] {
    while (true) {
      poll();
      if (!more())
        throw std::runtime_error("done");
    }
  });
  a.join();
  b.join();
}

void finite_loops() {
  std::thread worker([] {
    for (int i = 0; i < 10; ++i)
      poll();
  });
  worker.join();
}

void body_not_visible(void (*entry)()) {
  std::thread worker(entry);
  worker.join();
}
