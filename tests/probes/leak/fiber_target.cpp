// Creates a thread from a fiber whose bottom frame has no valid return
// address, as marl's fibers do (their return slot is uninitialized): the
// probe's creation-stack unwinding must not crash on it. Not linked with the
// probe; `conc-probe run` preloads it.
//   fiber_target            exit 0 after the thread ran and was joined
//   fiber_target crash      then dereference null: killed by SIGSEGV, as
//                           without the probe (its fault guard passes it on)
//   fiber_target leak       a detached thread parks on such a fiber and is
//                           still there at exit: the probe samples its
//                           current stack there
#include <setjmp.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

namespace {

jmp_buf g_back;

[[gnu::noinline]] void OnFiber() {
  std::thread worker([] {});
  worker.join();
  longjmp(g_back, 1);
}

[[noreturn, gnu::noinline]] void ParkForever() {
  for (;;) pause();
}

[[noreturn, gnu::noinline]] void JumpToStack(void* sp, void (*entry)()) {
  asm volatile("mov %0, %%rsp\n\txor %%ebp, %%ebp\n\tjmp *%1" : : "r"(sp), "r"(entry) : "memory");
  __builtin_unreachable();
}

}  // namespace

// A fiber stack whose entry's return slot holds an address in no loaded
// object, which libgcc then reads to look for a signal frame.
std::uintptr_t* NewFiberStack() {
  constexpr std::size_t kStackSize = 256 * 1024;
  void* stack = mmap(nullptr, kStackSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (stack == MAP_FAILED) std::abort();
  auto* top = reinterpret_cast<std::uintptr_t*>(static_cast<char*>(stack) + kStackSize);
  top[-3] = 0x1000;
  top[-2] = 0;
  return &top[-3];
}

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "leak") == 0) {
    std::thread([] {
      pthread_setname_np(pthread_self(), "on-fiber");
      JumpToStack(NewFiberStack(), ParkForever);
    }).detach();
    usleep(20'000);
    return 0;
  }
  if (setjmp(g_back) == 0) JumpToStack(NewFiberStack(), OnFiber);
  std::printf("fiber_target: a thread was created and joined on a fiber\n");
  std::fflush(stdout);
  if (argc > 1 && std::strcmp(argv[1], "crash") == 0) {
    volatile int* nowhere = nullptr;
    return *nowhere;
  }
  return 0;
}
