// RUN: %check_conc_tidy %s conc-double-close %t -- -- -std=c++20 -I%conc_include
// Several threads, one close: std::call_once, the last one out, or a
// single producer that closes after its sends.
#include <atomic>
#include <conc/channel.h>
#include <mutex>
#include <thread>
#include <vector>

void call_once_close(conc::Channel<int> &out, int workers) {
  std::once_flag closed;
  std::vector<std::jthread> threads;
  for (int w = 0; w < workers; ++w)
    threads.emplace_back([&, w] {
      out.send(w);
      std::call_once(closed, [&] { out.close(); });
    });
}

void last_one_out(conc::Channel<int> &out, int workers) {
  std::atomic<int> remaining{workers};
  std::vector<std::jthread> threads;
  for (int w = 0; w < workers; ++w)
    threads.emplace_back([&, w] {
      out.send(w);
      if (remaining.fetch_sub(1) == 1)
        out.close();
    });
  std::atomic<int> left{2};
  std::jthread a([&] { if (--left == 0) out.close(); });
  std::jthread b([&] { if (--left == 0) out.close(); });
}

void single_producer(int n) {
  conc::Channel<int> ch(4);
  std::jthread producer([&ch, n] {
    for (int i = 0; i < n; ++i)
      ch.send(i);
    ch.close();
  });
  std::jthread consumer([&ch] {
    while (auto v = ch.recv())
      (void)v;
  });
}
