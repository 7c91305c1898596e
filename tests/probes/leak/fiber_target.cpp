// Creates a thread from a fiber whose bottom frame has no valid return
// address, as marl's fibers do (their return slot is uninitialized): the
// probe's creation-stack unwinding must not crash on it. Not linked with the
// probe; `conc-probe run` preloads it.
//   fiber_target            exit 0 after the thread ran and was joined
//   fiber_target crash      then dereference null: killed by SIGSEGV, as
//                           without the probe (its fault guard passes it on)
#include <setjmp.h>
#include <sys/mman.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <thread>

namespace {

jmp_buf g_back;

[[gnu::noinline]] void OnFiber() {
  std::thread worker([] {});
  worker.join();
  longjmp(g_back, 1);
}

[[noreturn, gnu::noinline]] void JumpToStack(void* sp, void (*entry)()) {
  asm volatile("mov %0, %%rsp\n\txor %%ebp, %%ebp\n\tjmp *%1" : : "r"(sp), "r"(entry) : "memory");
  __builtin_unreachable();
}

}  // namespace

int main(int argc, char** argv) {
  constexpr std::size_t kStackSize = 256 * 1024;
  void* stack = mmap(nullptr, kStackSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (stack == MAP_FAILED) return 2;
  auto* top = reinterpret_cast<std::uintptr_t*>(static_cast<char*>(stack) + kStackSize);
  // The entry's return slot: an address in no loaded object, which libgcc
  // then reads to look for a signal frame.
  top[-3] = 0x1000;
  top[-2] = 0;
  if (setjmp(g_back) == 0) JumpToStack(&top[-3], OnFiber);
  std::printf("fiber_target: a thread was created and joined on a fiber\n");
  std::fflush(stdout);
  if (argc > 1 && std::strcmp(argv[1], "crash") == 0) {
    volatile int* nowhere = nullptr;
    return *nowhere;
  }
  return 0;
}
