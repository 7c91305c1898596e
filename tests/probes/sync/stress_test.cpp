// Contention: many producers and consumers, concurrent close, select under
// load. Every message is unique; each must be received exactly once.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

#include "conc/channel.h"
#include "conc/select.h"
#include "conc/waitgroup.h"

#ifndef CONC_STRESS_MESSAGES
#define CONC_STRESS_MESSAGES 1000000
#endif

namespace {

constexpr std::int64_t kMessages = CONC_STRESS_MESSAGES;

// Producers send disjoint ranges; consumers mark what they see. After a
// close that races with the consumers' drain, every message must have been
// seen exactly once.
void RunManyToMany(std::size_t capacity, int producers, int consumers, std::int64_t messages) {
  conc::Channel<std::int64_t> ch(capacity);
  std::vector<std::atomic<std::uint8_t>> seen(static_cast<std::size_t>(messages));
  std::atomic<std::int64_t> received{0};
  conc::WaitGroup producing;
  std::vector<std::jthread> threads;
  for (int c = 0; c < consumers; ++c) {
    threads.emplace_back([&] {
      std::int64_t mine = 0;
      while (std::optional<std::int64_t> v = ch.recv()) {
        seen[static_cast<std::size_t>(*v)].fetch_add(1, std::memory_order_relaxed);
        ++mine;
      }
      received += mine;
    });
  }
  producing.add(producers);
  for (int p = 0; p < producers; ++p) {
    threads.emplace_back([&, p] {
      for (std::int64_t i = p; i < messages; i += producers) ch.send(i);
      producing.done();
    });
  }
  // The closer: closes as soon as the last producer is done, while the
  // consumers are still draining.
  threads.emplace_back([&] {
    producing.wait();
    ch.close();
  });
  threads.clear();
  EXPECT_EQ(received.load(), messages);
  std::int64_t lost = 0, duplicated = 0;
  for (auto& s : seen) {
    auto n = s.load(std::memory_order_relaxed);
    if (n == 0) ++lost;
    if (n > 1) ++duplicated;
  }
  EXPECT_EQ(lost, 0) << "messages lost";
  EXPECT_EQ(duplicated, 0) << "messages duplicated";
}

TEST(Stress, BufferedManyProducersManyConsumers) { RunManyToMany(64, 4, 4, kMessages); }
TEST(Stress, BufferedTinyCapacity) { RunManyToMany(1, 3, 3, kMessages / 50); }
TEST(Stress, UnbufferedManyProducersManyConsumers) { RunManyToMany(0, 4, 4, kMessages / 10); }

// Selecting consumers over two channels, competing with plain receivers.
TEST(Stress, SelectAgainstPlainReceivers) {
  const std::int64_t messages = kMessages / 20;
  for (std::size_t capacity : {0u, 16u}) {
    conc::Channel<std::int64_t> a(capacity), b(capacity);
    std::vector<std::atomic<std::uint8_t>> seen(static_cast<std::size_t>(2 * messages));
    std::atomic<std::int64_t> received{0};
    std::vector<std::jthread> threads;
    for (int c = 0; c < 2; ++c) {
      threads.emplace_back([&] {  // selecting receiver
        bool a_open = true, b_open = true;
        while (a_open || b_open) {
          conc::select(
              conc::recv(a_open ? a.receiver() : conc::Receiver<std::int64_t>(),
                         [&](std::optional<std::int64_t> v) {
                           if (!v) { a_open = false; return; }
                           seen[static_cast<std::size_t>(*v)]++;
                           ++received;
                         }),
              conc::recv(b_open ? b.receiver() : conc::Receiver<std::int64_t>(),
                         [&](std::optional<std::int64_t> v) {
                           if (!v) { b_open = false; return; }
                           seen[static_cast<std::size_t>(*v)]++;
                           ++received;
                         }));
        }
      });
      threads.emplace_back([&] {  // plain receiver on a
        for (std::int64_t v : a) {
          seen[static_cast<std::size_t>(v)]++;
          ++received;
        }
      });
    }
    std::jthread pa([&] {
      for (std::int64_t i = 0; i < messages; ++i) a.send(i);
      a.close();
    });
    std::jthread pb([&] {
      for (std::int64_t i = messages; i < 2 * messages; ++i) b.send(i);
      b.close();
    });
    pa.join();
    pb.join();
    threads.clear();
    EXPECT_EQ(received.load(), 2 * messages) << "capacity " << capacity;
    for (auto& s : seen) ASSERT_EQ(s.load(), 1) << "capacity " << capacity;
  }
}

// Selecting senders: each message goes to exactly one of two channels.
TEST(Stress, SelectSendersAgainstReceivers) {
  const std::int64_t messages = kMessages / 20;
  for (std::size_t capacity : {0u, 8u}) {
    conc::Channel<std::int64_t> a(capacity), b(capacity);
    std::vector<std::atomic<std::uint8_t>> seen(static_cast<std::size_t>(messages));
    std::atomic<std::int64_t> via_a{0}, via_b{0};
    std::jthread ra([&] {
      for (std::int64_t v : a) { seen[static_cast<std::size_t>(v)]++; ++via_a; }
    });
    std::jthread rb([&] {
      for (std::int64_t v : b) { seen[static_cast<std::size_t>(v)]++; ++via_b; }
    });
    {
      std::vector<std::jthread> senders;
      for (int s = 0; s < 2; ++s) {
        senders.emplace_back([&, s] {
          for (std::int64_t i = s; i < messages; i += 2) {
            conc::select(conc::send(a, i), conc::send(b, i));
          }
        });
      }
    }
    a.close();
    b.close();
    ra.join();
    rb.join();
    EXPECT_EQ(via_a.load() + via_b.load(), messages);
    EXPECT_GT(via_a.load(), 0);
    EXPECT_GT(via_b.load(), 0);
    for (auto& s : seen) ASSERT_EQ(s.load(), 1);
  }
}

// Timeouts racing with sends: a message is either received or still in the
// sender's hands, never both and never lost.
TEST(Stress, TimeoutsRacingWithDelivery) {
  const int rounds = static_cast<int>(kMessages / 200);
  conc::Channel<int> ch;
  std::atomic<int> delivered_by_sender{0}, received{0};
  std::jthread receiver([&] {
    for (int i = 0; i < rounds; ++i) {
      if (ch.recv_for(std::chrono::microseconds(i % 50))) ++received;
    }
  });
  std::jthread sender([&] {
    for (int i = 0; i < rounds; ++i) {
      if (ch.send_for(i, std::chrono::microseconds((i * 7) % 50))) ++delivered_by_sender;
    }
  });
  receiver.join();
  sender.join();
  EXPECT_EQ(delivered_by_sender.load(), received.load());
}

// Cancellation racing with completion.
TEST(Stress, CancellationRacingWithDelivery) {
  const int rounds = static_cast<int>(kMessages / 2000);
  conc::Channel<int> ch;
  int delivered = 0, received = 0;
  for (int i = 0; i < rounds; ++i) {
    std::stop_source source;
    bool got = false;
    std::jthread receiver([&] { got = ch.recv(source.get_token()).has_value(); });
    std::jthread canceller([&] { source.request_stop(); });
    bool sent = ch.send_for(i, std::chrono::microseconds(i % 30));
    receiver.join();
    canceller.join();
    delivered += sent;
    received += got;
    ASSERT_EQ(sent, got) << "round " << i;
  }
  EXPECT_EQ(delivered, received);
}

}  // namespace
