// RUN: %check_conc_tidy %s conc-ignored-stop-token %t -- -- -std=c++20 -I%conc_include
// Loops that check the token, directly or through what is made from it.
#include <conc/channel.h>
#include <conc/context.h>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>

void poll();

void start() {
  std::jthread poller([](std::stop_token stop) {
    while (!stop.stop_requested())
      poll();
  });
}

void serve(const conc::Context &ctx) {
  for (;;) {
    if (ctx.is_done())
      return;
    poll();
  }
}

void derived(const conc::Context &ctx) {
  std::stop_token st = ctx.stop_token();
  while (true) {
    if (st.stop_requested())
      break;
    poll();
  }
}

std::mutex mu;
std::condition_variable_any cv;
bool ready = false;

void wait_or_stop(std::stop_token stop, conc::Channel<int> &in) {
  std::unique_lock lock(mu);
  cv.wait(lock, stop, [] { return ready; });
  while (auto v = in.recv(stop))
    poll();
}

void context_recv(const conc::Context &ctx, conc::Channel<int> &in) {
  while (auto v = in.recv(ctx))
    poll();
  in.try_recv();
}
