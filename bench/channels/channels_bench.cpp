// conc::Channel and conc::CheckedMutex against a std::mutex +
// std::condition_variable baseline, measured in one run. The Go side of the
// comparison is go/chan_test.go; compare.sh runs both and prints the ratios.
//
// Every channel benchmark moves kMessages ints per iteration and reports
// ns_per_msg (wall time / messages), the figure Go's benchmarks print as ns/op.
#include <benchmark/benchmark.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "conc/channel.h"
#include "conc/checked_mutex.h"
#include "conc/select.h"

namespace {

constexpr int kMessages = 200000;

// The baseline: the channel most C++ code writes by hand.
template <class T>
class MutexQueue {
 public:
  explicit MutexQueue(std::size_t capacity) : capacity_(capacity) {}
  void send(T value) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (capacity_ == 0) {
      // Rendezvous: wait for the slot, put, wait until taken.
      not_full_.wait(lock, [&] { return !slot_; });
      slot_ = std::move(value);
      not_empty_.notify_one();
      taken_.wait(lock, [&] { return !slot_; });
      not_full_.notify_one();
      return;
    }
    not_full_.wait(lock, [&] { return items_.size() < capacity_ || closed_; });
    items_.push_back(std::move(value));
    not_empty_.notify_one();
  }
  std::optional<T> recv() {
    std::unique_lock<std::mutex> lock(mutex_);
    if (capacity_ == 0) {
      not_empty_.wait(lock, [&] { return slot_ || closed_; });
      if (!slot_) return std::nullopt;
      std::optional<T> value = std::move(slot_);
      slot_.reset();
      taken_.notify_one();
      return value;
    }
    not_empty_.wait(lock, [&] { return !items_.empty() || closed_; });
    if (items_.empty()) return std::nullopt;
    T value = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return value;
  }
  void close() {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  const std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable not_empty_, not_full_, taken_;
  std::deque<T> items_;
  std::optional<T> slot_;
  bool closed_ = false;
};

template <class Queue>
void RunProducersConsumers(benchmark::State& state, std::size_t capacity, int producers,
                           int consumers) {
  for (auto _ : state) {
    Queue queue(capacity);
    std::vector<std::thread> threads;
    std::atomic<int> producers_left{producers};
    std::atomic<std::int64_t> sum{0};
    for (int c = 0; c < consumers; ++c) {
      threads.emplace_back([&] {
        std::int64_t local = 0;
        while (auto v = queue.recv()) local += *v;
        sum += local;
      });
    }
    for (int p = 0; p < producers; ++p) {
      threads.emplace_back([&, p] {
        for (int i = p; i < kMessages; i += producers) queue.send(i);
        if (--producers_left == 0) queue.close();
      });
    }
    for (auto& t : threads) t.join();
    if (sum.load() != std::int64_t{kMessages} * (kMessages - 1) / 2) {
      state.SkipWithError("lost or duplicated messages");
      return;
    }
  }
  // (iterations * kMessages / seconds), inverted and scaled: ns per message.
  state.counters["ns_per_msg"] = benchmark::Counter(
      static_cast<double>(kMessages) * 1e-9, benchmark::Counter::kIsIterationInvariantRate |
                                                 benchmark::Counter::kInvert);
}

void BM_Buffered1P1C_Conc(benchmark::State& s) { RunProducersConsumers<conc::Channel<int>>(s, 1024, 1, 1); }
void BM_Buffered1P1C_MutexCV(benchmark::State& s) { RunProducersConsumers<MutexQueue<int>>(s, 1024, 1, 1); }
void BM_Unbuffered1P1C_Conc(benchmark::State& s) { RunProducersConsumers<conc::Channel<int>>(s, 0, 1, 1); }
void BM_Unbuffered1P1C_MutexCV(benchmark::State& s) { RunProducersConsumers<MutexQueue<int>>(s, 0, 1, 1); }
void BM_Buffered4P4C_Conc(benchmark::State& s) { RunProducersConsumers<conc::Channel<int>>(s, 1024, 4, 4); }
void BM_Buffered4P4C_MutexCV(benchmark::State& s) { RunProducersConsumers<MutexQueue<int>>(s, 1024, 4, 4); }

BENCHMARK(BM_Buffered1P1C_Conc)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Buffered1P1C_MutexCV)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Unbuffered1P1C_Conc)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Unbuffered1P1C_MutexCV)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Buffered4P4C_Conc)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Buffered4P4C_MutexCV)->UseRealTime()->Unit(benchmark::kMillisecond);

// The buffered fast path alone, on one thread: a send into a channel with
// room and the recv that takes it back, no partner, no waiting. This is the
// instruction cost of the code each compiler generates for send/recv (the
// two-thread workloads add cache-line transfers and scheduling on top), and it
// is the figure that load on a shared machine disturbs least (CPU time).
void BM_SendRecvOneThread_Conc(benchmark::State& state) {
  conc::Channel<int> channel(1024);
  int value = 0;
  for (auto _ : state) {
    channel.send(value);
    std::optional<int> got = channel.recv();
    benchmark::DoNotOptimize(got);
    ++value;
  }
}
BENCHMARK(BM_SendRecvOneThread_Conc);

// select over two buffered channels, one producer per channel.
void BM_Select2_Conc(benchmark::State& state) {
  for (auto _ : state) {
    conc::Channel<int> a(1024), b(1024);
    std::thread pa([&] {
      for (int i = 0; i < kMessages / 2; ++i) a.send(i);
      a.close();
    });
    std::thread pb([&] {
      for (int i = 0; i < kMessages / 2; ++i) b.send(i);
      b.close();
    });
    int open = 2;
    conc::Receiver<int> ra = a, rb = b;
    while (open > 0) {
      conc::select(conc::recv(ra, [&](std::optional<int> v) { if (!v) { --open; ra = {}; } }),
                   conc::recv(rb, [&](std::optional<int> v) { if (!v) { --open; rb = {}; } }));
    }
    pa.join();
    pb.join();
  }
  state.counters["ns_per_msg"] = benchmark::Counter(
      static_cast<double>(kMessages) * 1e-9, benchmark::Counter::kIsIterationInvariantRate |
                                                 benchmark::Counter::kInvert);
}
BENCHMARK(BM_Select2_Conc)->UseRealTime()->Unit(benchmark::kMillisecond);

// Uncontended lock/unlock.
template <class Mutex>
void BM_LockUnlock(benchmark::State& state) {
  Mutex mutex;
  for (auto _ : state) {
    mutex.lock();
    benchmark::ClobberMemory();
    mutex.unlock();
  }
}
BENCHMARK(BM_LockUnlock<std::mutex>)->Name("BM_LockUnlock_StdMutex");
BENCHMARK(BM_LockUnlock<conc::CheckedMutex>)->Name("BM_LockUnlock_CheckedMutex");

// Nested, consistent order (the edge cache path): outer then inner.
template <class Mutex>
void BM_NestedLockUnlock(benchmark::State& state) {
  Mutex outer, inner;
  for (auto _ : state) {
    std::lock_guard<Mutex> a(outer);
    std::lock_guard<Mutex> b(inner);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_NestedLockUnlock<std::mutex>)->Name("BM_NestedLockUnlock_StdMutex");
BENCHMARK(BM_NestedLockUnlock<conc::CheckedMutex>)->Name("BM_NestedLockUnlock_CheckedMutex");

}  // namespace

BENCHMARK_MAIN();
