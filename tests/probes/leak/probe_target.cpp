// An ordinary program, not linked with the probe, that `conc-probe run`
// checks. The first argument picks what it does.
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "test_support.h"

namespace {

// Never destroyed: destroying a condition variable waits for its waiters.
leaktest::Gate& never_opened = *new leaktest::Gate;

[[gnu::noinline]] void StartDetachedWorker() {
  std::thread([] {
    pthread_setname_np(pthread_self(), "detached");
    never_opened.Wait();
  }).detach();
}

[[gnu::noinline]] void StartPool() {
  // Leaked on purpose: never shut down, never destroyed.
  new leaktest::WorkerPool(2);
}

[[gnu::noinline]] void StartProducerNobodyReads() {
  auto* queue = new leaktest::BoundedQueue<int>(0);
  std::thread([queue] {
    pthread_setname_np(pthread_self(), "producer");
    queue->Send(1);
  }).detach();
}

[[gnu::noinline]] void StartSpawner() {
  std::thread([] {
    std::thread([] {
      pthread_setname_np(pthread_self(), "grandchild");
      never_opened.Wait();
    }).detach();
  }).join();
}

void Wait() { std::this_thread::sleep_for(std::chrono::milliseconds(20)); }

}  // namespace

int main(int argc, char** argv) {
  const char* mode = argc > 1 ? argv[1] : "clean";
  if (std::strcmp(mode, "clean") == 0) {
    std::thread t([] {});
    t.join();
    return 0;
  }
  if (std::strcmp(mode, "detached") == 0) {
    StartDetachedWorker();
    Wait();
    return 0;
  }
  if (std::strcmp(mode, "pool") == 0) {
    StartPool();
    Wait();
    return 0;
  }
  if (std::strcmp(mode, "blocked-send") == 0) {
    StartProducerNobodyReads();
    Wait();
    return 0;
  }
  if (std::strcmp(mode, "from-thread") == 0) {
    StartSpawner();
    Wait();
    return 0;
  }
  if (std::strcmp(mode, "pool-and-detached") == 0) {
    StartPool();
    StartDetachedWorker();
    Wait();
    return 0;
  }
  if (std::strcmp(mode, "exit-from-thread") == 0) {
    // exit() on another thread while main waits for it: the exit handlers
    // (and the probe's check) run on that thread; main is not a leak.
    std::thread([] { std::exit(5); }).join();
    return 0;
  }
  if (std::strcmp(mode, "leak-and-exit7") == 0) {
    StartDetachedWorker();
    Wait();
    return 7;
  }
  if (std::strcmp(mode, "own-sigurg") == 0) {
    // The program handles SIGURG itself: it keeps getting its own signals,
    // and the probe's requests (at exit, for the leaked thread's current
    // stack) are not passed to it.
    struct sigaction action = {};
    action.sa_handler = [](int) {
      const char text[] = "program got SIGURG\n";
      ssize_t ignored = write(STDERR_FILENO, text, sizeof text - 1);
      (void)ignored;
    };
    sigemptyset(&action.sa_mask);
    sigaction(SIGURG, &action, nullptr);
    StartDetachedWorker();
    Wait();
    raise(SIGURG);
    return 0;
  }
  if (std::strcmp(mode, "exit7") == 0) return 7;
  if (std::strcmp(mode, "show-preload") == 0) {
    // What a child process would inherit.
    const char* preload = std::getenv("LD_PRELOAD");
    std::printf("LD_PRELOAD=%s\n", preload != nullptr ? preload : "(unset)");
    return 0;
  }
  if (std::strcmp(mode, "crash") == 0) {
    StartDetachedWorker();
    volatile int* nowhere = nullptr;
    return *nowhere;
  }
  if (std::strcmp(mode, "abort") == 0) std::abort();
  if (std::strcmp(mode, "quick-exit") == 0) {
    StartDetachedWorker();
    std::fflush(stdout);
    _exit(3);
  }
  if (std::strcmp(mode, "fork") == 0) {
    // The children inherit the probe's environment but are not the checked
    // process; the parent waits for them and leaks nothing.
    for (int i = 0; i < 3; ++i) {
      pid_t child = fork();
      if (child == 0) {
        std::thread([] {}).join();
        std::exit(0);
      }
      int status;
      waitpid(child, &status, 0);
    }
    return 0;
  }
  std::fprintf(stderr, "probe_target: unknown mode %s\n", mode);
  return 64;
}
