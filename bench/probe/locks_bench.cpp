// A lock-heavy 8-thread program for the cost of `conc-probe run --locks`
// against the bare program and ThreadSanitizer (bench/probe/locks_overhead.py
// builds and times it). Each iteration takes two of 64 mutexes, always the
// lower index first (a consistent global order: nothing to report), and
// does a little work under them, like a sharded map updating two shards.
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  const int threads = 8;
  const long iterations = argc > 1 ? std::atol(argv[1]) : 1'000'000;
  constexpr int kShards = 64;
  struct alignas(64) Shard {
    std::mutex mu;
    long value = 0;
  };
  std::vector<Shard> shards(kShards);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      unsigned seed = static_cast<unsigned>(t) * 2654435761u + 7;
      for (long i = 0; i < iterations; ++i) {
        seed = seed * 1103515245u + 12345u;
        int a = static_cast<int>((seed >> 8) % kShards);
        int b = static_cast<int>((seed >> 20) % kShards);
        if (a == b) b = (b + 1) % kShards;
        if (a > b) std::swap(a, b);
        std::lock_guard<std::mutex> first(shards[a].mu);
        std::lock_guard<std::mutex> second(shards[b].mu);
        shards[a].value += 1;
        shards[b].value -= 1;
      }
    });
  }
  for (std::thread& w : workers) w.join();
  long sum = 0;
  for (const Shard& s : shards) sum += s.value;
  std::printf("locks_bench: %d threads x %ld iterations, checksum %ld\n", threads, iterations, sum);
  return sum == 0 ? 0 : 1;
}
