// Kata 14's test with its deadlock forced: the starter's transfer() takes
// from.mutex, then to.mutex; here two transfers in opposite directions each
// get their first lock before either asks for its second, every time.
//
// The kata's own test (katas/14-transfer-deadlock/test.cpp) only deadlocks
// when the scheduler happens to interleave the two transfers; the grader's
// picture test needs the deadlock on every run. The gate is a
// pthread_mutex_lock defined in this executable (it comes before
// libconc_probe's and the C library's): a thread that asks for its second
// lock first waits until the other thread asks for its own, then jumps to
// the next pthread_mutex_lock (an x86-64 trampoline: clang cannot promise a
// tail call out of a noexcept function), so that the probe still sees the
// lock call as made from transfer() in bank.cpp.
#include <dlfcn.h>
#include <pthread.h>

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <thread>

#include "bank.h"

namespace {

// Set while the transfers run: the mutex each gated thread asks for second.
std::atomic<pthread_mutex_t*> g_second_of_to_bob{nullptr};
std::atomic<pthread_mutex_t*> g_second_of_to_alice{nullptr};
std::latch* g_both_hold_their_first = nullptr;
thread_local int t_role = 0;  // 1: the transfer to bob, 2: the one to alice

}  // namespace

extern "C" {
using LockFn = int (*)(pthread_mutex_t*);
__attribute__((visibility("hidden"))) LockFn conc_test_next_lock = nullptr;

// Called by the trampoline with the mutex; returns with the next
// pthread_mutex_lock in conc_test_next_lock.
__attribute__((visibility("hidden"), used)) void conc_test_gate(pthread_mutex_t* m) {
  if (conc_test_next_lock == nullptr) {
    conc_test_next_lock = reinterpret_cast<LockFn>(dlsym(RTLD_NEXT, "pthread_mutex_lock"));
  }
  if (t_role == 0) return;
  pthread_mutex_t* second = t_role == 1 ? g_second_of_to_bob.load() : g_second_of_to_alice.load();
  // transfer() asks for to.mutex only while it holds from.mutex.
  if (m == second) g_both_hold_their_first->arrive_and_wait();
}
}

// pthread_mutex_lock(m): conc_test_gate(m), then a jump (not a call) to the
// next definition, which returns straight to the caller in bank.cpp.
asm(R"(
  .text
  .globl pthread_mutex_lock
  .type pthread_mutex_lock, @function
pthread_mutex_lock:
  push %rdi
  call conc_test_gate
  pop %rdi
  jmp *conc_test_next_lock(%rip)
  .size pthread_mutex_lock, .-pthread_mutex_lock
)");

TEST(Bank, TransfersBothWaysAtOnceForced) {
  Account alice, bob;
  alice.balance = 1000;
  bob.balance = 1000;
  std::latch both_hold_their_first(2);
  g_both_hold_their_first = &both_hold_their_first;
  g_second_of_to_bob = bob.mutex.native_handle();
  g_second_of_to_alice = alice.mutex.native_handle();
  std::thread to_bob([&] {
    t_role = 1;
    transfer(alice, bob, 1);
  });
  std::thread to_alice([&] {
    t_role = 2;
    transfer(bob, alice, 1);
  });
  to_bob.join();
  to_alice.join();
  EXPECT_EQ(alice.balance + bob.balance, 2000);
}
