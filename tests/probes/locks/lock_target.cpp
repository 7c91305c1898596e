// Ordinary programs for `conc-probe run --locks`: they know nothing of the
// probe. Each scenario forces its order with joins and latches, never with
// timing: the threads of an inversion run one after another, so no deadlock
// happens and the report must come from the lock-order graph alone.
//
//   lock_target SCENARIO
#include <pthread.h>
#include <setjmp.h>
#include <sys/mman.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <latch>
#include <mutex>
#include <new>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

// Keeps the compiler from merging or inlining the functions the reports name.
#define SITE __attribute__((noinline))

// ---- a two-lock inversion in two threads that never overlap ----

pthread_mutex_t g_accounts = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t g_audit_log = PTHREAD_MUTEX_INITIALIZER;
int g_balance = 0;

SITE void PostTransfer() {
  pthread_mutex_lock(&g_accounts);
  pthread_mutex_lock(&g_audit_log);
  ++g_balance;
  pthread_mutex_unlock(&g_audit_log);
  pthread_mutex_unlock(&g_accounts);
}

SITE void RotateAuditLog() {
  pthread_mutex_lock(&g_audit_log);
  pthread_mutex_lock(&g_accounts);
  --g_balance;
  pthread_mutex_unlock(&g_accounts);
  pthread_mutex_unlock(&g_audit_log);
}

void Abba() {
  std::thread(PostTransfer).join();
  std::thread(RotateAuditLog).join();
  std::printf("abba: both threads finished, balance %d\n", g_balance);
}

// ---- the same through members and helpers one call deeper ----

class Account {
 public:
  SITE void Lock() { mu_.lock(); }
  SITE void Unlock() { mu_.unlock(); }
  // Locks this account, then the other: the order depends on the call.
  SITE void TransferTo(Account& other, int amount) {
    Lock();
    other.Lock();
    balance_ -= amount;
    other.balance_ += amount;
    other.Unlock();
    Unlock();
  }
  int balance_ = 100;

 private:
  std::mutex mu_;
};

void AccountsBothWays() {
  Account alice, bob;
  std::thread([&] { alice.TransferTo(bob, 10); }).join();
  std::thread([&] { bob.TransferTo(alice, 5); }).join();
  std::printf("accounts: %d %d\n", alice.balance_, bob.balance_);
}

// ---- three locks, three threads ----

std::mutex g_first, g_second, g_third;

template <class First, class Second>
SITE void Nested(First& first, Second& second) {
  std::lock_guard<First> outer(first);
  std::lock_guard<Second> inner(second);
}

void ThreeLockCycle() {
  std::thread([] { Nested(g_first, g_second); }).join();
  std::thread([] { Nested(g_second, g_third); }).join();
  std::thread([] { Nested(g_third, g_first); }).join();
  std::printf("three: all threads finished\n");
}

// ---- std::shared_mutex: readers and a writer in opposite orders ----

std::shared_mutex g_config;
std::mutex g_cache;

SITE void ReadConfigThenFillCache() {
  std::shared_lock<std::shared_mutex> read(g_config);
  std::lock_guard<std::mutex> fill(g_cache);
}

SITE void FlushCacheThenWriteConfig() {
  std::lock_guard<std::mutex> flush(g_cache);
  std::unique_lock<std::shared_mutex> write(g_config);
}

void SharedMutex() {
  std::thread(ReadConfigThenFillCache).join();
  std::thread(FlushCacheThenWriteConfig).join();
  std::printf("shared: both threads finished\n");
}

// ---- silent: a try-lock against the order ----

void TryLockAgainstOrder() {
  std::mutex a, b;
  std::thread([&] {
    std::lock_guard<std::mutex> outer(a);
    std::lock_guard<std::mutex> inner(b);
  }).join();
  std::thread([&] {
    std::lock_guard<std::mutex> outer(b);
    if (a.try_lock()) a.unlock();  // backs off instead of waiting
  }).join();
  std::printf("trylock: done\n");
}

// ---- silent: std::scoped_lock and std::lock of two, both orders ----

void ScopedLockBothOrders() {
  std::mutex a, b;
  std::thread([&] { std::scoped_lock both(a, b); }).join();
  std::thread([&] { std::scoped_lock both(b, a); }).join();
  std::thread([&] {
    std::unique_lock<std::mutex> first(b, std::defer_lock), second(a, std::defer_lock);
    std::lock(first, second);
  }).join();
  std::printf("scoped: done\n");
}

// ---- silent: a recursive mutex locked again, inside a consistent order ----

std::recursive_mutex g_tree;
std::mutex g_stats;

SITE void Visit(int depth) {
  std::lock_guard<std::recursive_mutex> hold(g_tree);
  if (depth > 0) Visit(depth - 1);
  std::lock_guard<std::mutex> count(g_stats);
}

void Recursive() {
  std::thread([] { Visit(3); }).join();
  std::thread([] { Visit(2); }).join();
  std::printf("recursive: done\n");
}

// ---- silent: a new lock at the address of a destroyed or freed one ----

void ReuseAfterDestroy() {
  pthread_mutex_t slot;  // one storage, two locks in turn
  pthread_mutex_t other = PTHREAD_MUTEX_INITIALIZER;
  pthread_mutex_init(&slot, nullptr);
  std::thread([&] {
    pthread_mutex_lock(&slot);
    pthread_mutex_lock(&other);
    pthread_mutex_unlock(&other);
    pthread_mutex_unlock(&slot);
  }).join();
  pthread_mutex_destroy(&slot);
  pthread_mutex_init(&slot, nullptr);  // a different lock now
  std::thread([&] {
    pthread_mutex_lock(&other);
    pthread_mutex_lock(&slot);
    pthread_mutex_unlock(&slot);
    pthread_mutex_unlock(&other);
  }).join();
  pthread_mutex_destroy(&slot);
  std::printf("reuse-destroy: done\n");
}

void ReuseAfterFree() {
  std::mutex other;
  // std::mutex has no destroy call: only the free of its memory ends it.
  auto* first = new std::mutex;
  std::thread([&] {
    std::lock_guard<std::mutex> outer(*first);
    std::lock_guard<std::mutex> inner(other);
  }).join();
  void* old_address = first;
  delete first;
  auto* second = new std::mutex;  // the allocator hands the same block back
  std::printf("reuse-free: same address: %s\n", static_cast<void*>(second) == old_address ? "yes" : "no");
  std::thread([&] {
    std::lock_guard<std::mutex> outer(other);
    std::lock_guard<std::mutex> inner(*second);
  }).join();
  delete second;
}

// ---- silent: lock coupling down a list, always head to tail ----

struct Node {
  std::mutex mu;
  Node* next = nullptr;
  int value = 0;
};

SITE int SumHandOverHand(Node* head) {
  int sum = 0;
  head->mu.lock();
  for (Node* at = head; at != nullptr;) {
    sum += at->value;
    Node* next = at->next;
    if (next != nullptr) next->mu.lock();  // the next one before letting go
    at->mu.unlock();
    at = next;
  }
  return sum;
}

void LockCoupling() {
  std::vector<Node> nodes(16);
  for (size_t i = 0; i + 1 < nodes.size(); ++i) {
    nodes[i].next = &nodes[i + 1];
    nodes[i].value = static_cast<int>(i);
  }
  int total = 0;
  std::vector<std::thread> walkers;
  std::mutex total_mu;
  for (int t = 0; t < 4; ++t) {
    walkers.emplace_back([&] {
      int sum = SumHandOverHand(&nodes[0]);
      std::lock_guard<std::mutex> add(total_mu);
      total += sum;
    });
  }
  for (std::thread& t : walkers) t.join();
  std::printf("coupling: total %d\n", total);
}

// ---- misuse: a lock still held when its thread exits ----

std::mutex g_forgotten;

SITE void ExitHoldingTheLock() { g_forgotten.lock(); }

void HeldAtExit() {
  std::thread(ExitHoldingTheLock).join();
  std::printf("held-at-exit: thread finished\n");
}

// ---- misuse: unlocked by a thread that does not hold it ----

pthread_mutex_t g_handoff = PTHREAD_MUTEX_INITIALIZER;

SITE void ReleaseSomeoneElsesLock() { pthread_mutex_unlock(&g_handoff); }

void UnlockByNonOwner() {
  std::latch locked(1), released(1);
  std::thread owner([&] {
    pthread_mutex_lock(&g_handoff);
    locked.count_down();
    released.wait();  // exits without unlocking: the main thread did it
  });
  locked.wait();
  ReleaseSomeoneElsesLock();
  released.count_down();
  owner.join();
  std::printf("non-owner: done\n");
}

// ---- misuse: destroyed while held ----

SITE void DestroyWhileLocked() {
  pthread_mutex_t m;
  pthread_mutex_init(&m, nullptr);
  pthread_mutex_lock(&m);
  int rc = pthread_mutex_destroy(&m);
  std::printf("destroy-held: pthread_mutex_destroy returned %d\n", rc);
  pthread_mutex_unlock(&m);
}

// ---- misuse: a read lock upgraded to a write lock ----

pthread_rwlock_t g_table = PTHREAD_RWLOCK_INITIALIZER;

SITE void UpgradeReadToWrite() {
  pthread_rwlock_rdlock(&g_table);
  timespec soon{};
  clock_gettime(CLOCK_REALTIME, &soon);  // already past by the time it waits: no sleep
  int rc = pthread_rwlock_timedwrlock(&g_table, &soon);
  std::printf("upgrade: timedwrlock returned %s\n", rc == ETIMEDOUT ? "ETIMEDOUT" : std::strerror(rc));
  pthread_rwlock_unlock(&g_table);
}

// ---- silent, and the overhead figure's program: many locks in one order ----

void GlobalOrder(int threads, int iterations) {
  constexpr int kLocks = 16;
  std::vector<std::mutex> locks(kLocks);
  std::vector<long> counters(kLocks);
  std::vector<std::thread> workers;
  std::latch start(threads);
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      start.arrive_and_wait();
      unsigned seed = static_cast<unsigned>(t) * 2654435761u + 1;
      for (int i = 0; i < iterations; ++i) {
        seed = seed * 1103515245u + 12345u;
        int first = static_cast<int>(seed >> 16) % (kLocks - 1);
        int second = first + 1 + static_cast<int>(seed >> 8) % (kLocks - first - 1 > 0 ? kLocks - first - 1 : 1);
        if (second >= kLocks) second = kLocks - 1;
        std::lock_guard<std::mutex> outer(locks[first]);  // always the lower index first
        std::lock_guard<std::mutex> inner(locks[second]);
        ++counters[first];
        ++counters[second];
      }
    });
  }
  for (std::thread& w : workers) w.join();
  long total = 0;
  for (long c : counters) total += c;
  std::printf("global-order: %d threads, %ld increments\n", threads, total);
}

// ---- a new edge on a fiber stack whose bottom frame has no valid return
// address (marl's fibers): the probe walks the stack there and must not
// crash (the unwinder faults past the bottom; the walk is guarded) ----

jmp_buf g_back_from_fiber;
std::mutex g_fiber_outer, g_fiber_inner;

SITE void NestedOnFiber() {
  {
    std::lock_guard<std::mutex> outer(g_fiber_outer);
    std::lock_guard<std::mutex> inner(g_fiber_inner);  // a new edge: the stack is walked
  }
  longjmp(g_back_from_fiber, 1);
}

[[noreturn]] SITE void JumpToStack(void* sp, void (*entry)()) {
  asm volatile("mov %0, %%rsp\n\txor %%ebp, %%ebp\n\tjmp *%1" : : "r"(sp), "r"(entry) : "memory");
  __builtin_unreachable();
}

void LocksOnAFiber() {
  constexpr std::size_t kStackSize = 256 * 1024;
  void* stack = mmap(nullptr, kStackSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (stack == MAP_FAILED) std::abort();
  auto* top = reinterpret_cast<std::uintptr_t*>(static_cast<char*>(stack) + kStackSize);
  top[-3] = 0x1000;  // a return address in no loaded object
  top[-2] = 0;
  if (setjmp(g_back_from_fiber) == 0) JumpToStack(&top[-3], NestedOnFiber);
  std::printf("fiber: two locks nested on a fiber\n");
}

}  // namespace

extern "C" void CAbba();  // lock_target_c.c

int main(int argc, char** argv) {
  std::string scenario = argc > 1 ? argv[1] : "";
  if (scenario == "abba") Abba();
  else if (scenario == "accounts") AccountsBothWays();
  else if (scenario == "three") ThreeLockCycle();
  else if (scenario == "shared") SharedMutex();
  else if (scenario == "c11") CAbba();
  else if (scenario == "trylock") TryLockAgainstOrder();
  else if (scenario == "scoped") ScopedLockBothOrders();
  else if (scenario == "recursive") Recursive();
  else if (scenario == "reuse-destroy") ReuseAfterDestroy();
  else if (scenario == "reuse-free") ReuseAfterFree();
  else if (scenario == "coupling") LockCoupling();
  else if (scenario == "held-at-exit") HeldAtExit();
  else if (scenario == "non-owner") UnlockByNonOwner();
  else if (scenario == "destroy-held") DestroyWhileLocked();
  else if (scenario == "upgrade") UpgradeReadToWrite();
  else if (scenario == "fiber") LocksOnAFiber();
  else if (scenario == "global-order") {
    int iterations = argc > 2 ? std::atoi(argv[2]) : 20000;
    GlobalOrder(8, iterations);
  } else {
    std::fprintf(stderr, "lock_target: unknown scenario '%s'\n", scenario.c_str());
    return 2;
  }
  return 0;
}
