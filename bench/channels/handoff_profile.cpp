// Where a channel's time goes, per message: how often each side waits,
// spins, yields, sleeps on a futex and wakes the other, for one sender and
// one receiver (unbuffered, and buffered with capacity 1024) and for a select
// over two buffered channels. The counters are libconc's own
// (conc::internal::CurrentThreadSpinStats, counted on the thread that does
// the thing), so the figures need no strace or perf and do not disturb the
// run; the wall time per message is printed next to them with the load
// average, because on a shared machine it is the load that decides it.
//
//   conc_handoff_profile [messages=200000] [rounds=3]
//
// Exit status 1 (with a message) when a run loses or duplicates a message,
// 2 on bad arguments.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <thread>

#include "conc/channel.h"
#include "conc/internal/adaptive_spin.h"
#include "conc/select.h"

namespace {

using conc::internal::SpinStats;

SpinStats Minus(const SpinStats& a, const SpinStats& b) {
  return {a.waits - b.waits,   a.waits_without_spin - b.waits_without_spin,
          a.spins - b.spins,   a.yields - b.yields,
          a.parks - b.parks,   a.wakes - b.wakes};
}

// Runs `body` on a new thread and returns its counters for that body alone.
template <class Body>
std::thread Measured(SpinStats& out, Body body) {
  return std::thread([&out, body]() mutable {
    const SpinStats before = conc::internal::CurrentThreadSpinStats();
    body();
    out = Minus(conc::internal::CurrentThreadSpinStats(), before);
  });
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one;
  in >> one;
  return one.empty() ? "?" : one;
}

void Print(const char* side, const SpinStats& s, double messages) {
  std::printf("  %-9s waits %.3f  no-spin %.3f  spins/wait %7.1f  yields %.3f  parks %.3f  wakes %.3f\n",
              side, s.waits / messages, s.waits_without_spin / messages,
              s.waits ? static_cast<double>(s.spins) / static_cast<double>(s.waits) : 0.0,
              s.yields / messages, s.parks / messages, s.wakes / messages);
}

bool OneToOne(const char* label, std::size_t capacity, int messages) {
  conc::Channel<int> channel(capacity);
  SpinStats sender_stats, receiver_stats;
  std::int64_t sum = 0;
  const auto start = std::chrono::steady_clock::now();
  std::thread receiver = Measured(receiver_stats, [&] {
    while (std::optional<int> v = channel.recv()) sum += *v;
  });
  std::thread sender = Measured(sender_stats, [&] {
    for (int i = 0; i < messages; ++i) channel.send(i);
    channel.close();
  });
  sender.join();
  receiver.join();
  const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
  std::printf("%s: %.0f ns per message (load average %s); per message:\n", label, ns / messages,
              LoadAverage().c_str());
  Print("sender", sender_stats, messages);
  Print("receiver", receiver_stats, messages);
  if (sum != std::int64_t{messages} * (messages - 1) / 2) {
    std::fprintf(stderr, "conc_handoff_profile: %s lost or duplicated messages\n", label);
    return false;
  }
  return true;
}

bool SelectOverTwo(int messages) {
  conc::Channel<int> a(1024), b(1024);
  SpinStats a_stats, b_stats, selector_stats;
  std::int64_t sum = 0;
  const auto start = std::chrono::steady_clock::now();
  auto feed = [messages](conc::Channel<int>& channel) {
    return [&channel, messages] {
      for (int i = 0; i < messages / 2; ++i) channel.send(i);
      channel.close();
    };
  };
  std::thread feed_a = Measured(a_stats, feed(a));
  std::thread feed_b = Measured(b_stats, feed(b));
  std::thread selector = Measured(selector_stats, [&] {
    conc::Receiver<int> ra = a, rb = b;
    int open = 2;
    auto take = [&](conc::Receiver<int>& from) {
      return [&](std::optional<int> v) {
        if (!v) {
          --open;
          from = {};
          return;
        }
        sum += *v;
      };
    };
    while (open > 0) conc::select(conc::recv(ra, take(ra)), conc::recv(rb, take(rb)));
  });
  feed_a.join();
  feed_b.join();
  selector.join();
  const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
  std::printf("select over 2 buffered channels: %.0f ns per message (load average %s); per message:\n",
              ns / messages, LoadAverage().c_str());
  Print("sender A", a_stats, messages);
  Print("sender B", b_stats, messages);
  Print("selector", selector_stats, messages);
  const std::int64_t half = messages / 2;
  if (sum != 2 * (half * (half - 1) / 2)) {
    std::fprintf(stderr, "conc_handoff_profile: select lost or duplicated messages\n");
    return false;
  }
  return true;
}

int IntegerArgument(const char* text, const char* what, long min, long max) {
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || value < min || value > max) {
    std::fprintf(stderr, "conc_handoff_profile: %s must be an integer from %ld to %ld, got '%s'\n",
                 what, min, max, text);
    std::exit(2);
  }
  return static_cast<int>(value);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 3) {
    std::fprintf(stderr, "usage: conc_handoff_profile [messages=200000] [rounds=3]\n");
    return 2;
  }
  const int messages = argc > 1 ? IntegerArgument(argv[1], "messages", 2, 100000000) : 200000;
  const int rounds = argc > 2 ? IntegerArgument(argv[2], "rounds", 1, 1000) : 3;
  bool ok = true;
  for (int round = 1; round <= rounds && ok; ++round) {
    std::printf("--- round %d/%d, %d messages\n", round, rounds, messages);
    ok = OneToOne("unbuffered, 1P 1C", 0, messages) && OneToOne("buffered 1024, 1P 1C", 1024, messages) &&
         SelectOverTwo(messages);
  }
  return ok ? 0 : 1;
}
