// Baselines are measured in the same process: "bare" calls the C library's
// pthread_create directly (looked up in libc.so.6, past the probe).
#include <dlfcn.h>
#include <pthread.h>

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#include <benchmark/benchmark.h>

#include "conc/probe/probe.h"

namespace {

using PthreadCreate = int (*)(pthread_t*, const pthread_attr_t*, void* (*)(void*), void*);

PthreadCreate LibcCreate() {
  static PthreadCreate create = [] {
    void* libc = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
    auto fn = libc ? reinterpret_cast<PthreadCreate>(dlsym(libc, "pthread_create")) : nullptr;
    if (fn == nullptr || fn == &pthread_create) {
      std::fprintf(stderr, "probe_bench: cannot find libc's own pthread_create\n");
      std::exit(1);
    }
    return fn;
  }();
  return create;
}

void* Nothing(void*) { return nullptr; }

// A call chain of typical depth, so the creation stack is not trivially short.
template <int Depth>
[[gnu::noinline]] void CreateJoinAt(PthreadCreate create) {
  if constexpr (Depth == 0) {
    pthread_t thread;
    if (create(&thread, nullptr, Nothing, nullptr) != 0) std::abort();
    pthread_join(thread, nullptr);
  } else {
    CreateJoinAt<Depth - 1>(create);
    benchmark::ClobberMemory();
  }
}

void BM_CreateJoin_Bare(benchmark::State& state) {
  PthreadCreate create = LibcCreate();
  for (auto _ : state) CreateJoinAt<8>(create);
}
BENCHMARK(BM_CreateJoin_Bare)->UseRealTime();

void BM_CreateJoin_Probed(benchmark::State& state) {
  for (auto _ : state) CreateJoinAt<8>(&pthread_create);
}
BENCHMARK(BM_CreateJoin_Probed)->UseRealTime();

void BM_StdThread_Probed(benchmark::State& state) {
  for (auto _ : state) std::thread([] {}).join();
}
BENCHMARK(BM_StdThread_Probed)->UseRealTime();

// VerifyNone with N threads alive in the baseline and nothing leaked.
void BM_VerifyNone(benchmark::State& state) {
  std::mutex mu;
  std::condition_variable cv;
  bool stop = false;
  std::vector<std::thread> threads;
  for (int i = 0; i < state.range(0); ++i) {
    threads.emplace_back([&] {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return stop; });
    });
  }
  auto before = conc::probe::Snapshot::Take();
  for (auto _ : state) {
    bool clean = conc::probe::VerifyNone(conc::probe::IgnoreSnapshot(before));
    if (!clean) state.SkipWithError("false leak report");
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    stop = true;
  }
  cv.notify_all();
  for (std::thread& t : threads) t.join();
}
BENCHMARK(BM_VerifyNone)->Arg(8)->Arg(256)->UseRealTime();

void BM_SnapshotTake(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(conc::probe::Snapshot::Take());
}
BENCHMARK(BM_SnapshotTake);

}  // namespace

BENCHMARK_MAIN();
