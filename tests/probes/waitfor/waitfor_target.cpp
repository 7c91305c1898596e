// Programs that stop moving on purpose, for the wait-for dump
// (wait_for_dump.cpp). Every scenario forces its state with latches: by the
// time every thread is blocked, the state is the one named, whatever the
// scheduler did. Lines the check looks for carry a "// SITE:name" comment
// (check_dump.py finds their numbers in this file).
//
//   waitfor_target SCENARIO   held-elsewhere | cycle | exited | condvar | channel | readers |
//                             self | sleeper
#include <conc/channel.h>

#include <condition_variable>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <latch>
#include <mutex>
#include <shared_mutex>
#include <thread>

namespace {

using namespace std::chrono_literals;

void SleepForever() {
  for (;;) std::this_thread::sleep_for(1h);  // SITE:sleep
}

// Kata 05's shape: a lock held by a thread that is stuck elsewhere.
class Inventory {
 public:
  void Restock(std::latch& holding) {
    mutex_.lock();  // SITE:restock-lock
    holding.count_down();
    SleepForever();
  }
  bool Take() {
    std::lock_guard guard(mutex_);  // SITE:take-lock
    return true;
  }

 private:
  std::mutex mutex_;
};

void HeldElsewhere() {
  Inventory inventory;
  std::latch holding(1);
  std::thread restocker([&] { inventory.Restock(holding); });  // SITE:restock-start
  holding.wait();
  inventory.Take();
  restocker.join();
}

// Kata 14's shape: two threads, each holding the lock the other waits for.
struct Account {
  std::mutex mutex;
  long balance = 0;
};

void Transfer(Account& from, Account& to, std::latch& both_hold_one) {
  std::lock_guard lock_from(from.mutex);  // SITE:transfer-first
  both_hold_one.arrive_and_wait();
  std::lock_guard lock_to(to.mutex);  // SITE:transfer-second
  from.balance -= 1;
  to.balance += 1;
}

void Cycle() {
  Account alice, bob;
  std::latch both_hold_one(2);
  std::thread to_bob([&] { Transfer(alice, bob, both_hold_one); });  // SITE:cycle-start-1
  std::thread to_alice([&] { Transfer(bob, alice, both_hold_one); });  // SITE:cycle-start-2
  to_bob.join();  // SITE:cycle-join
  to_alice.join();
}

// A thread that returns holding a lock; the next one to ask waits forever.
std::mutex g_config_mutex;

void LoadConfigAndForgetToUnlock() {
  g_config_mutex.lock();  // SITE:exited-lock
}

void Exited() {
  std::thread loader(LoadConfigAndForgetToUnlock);
  loader.join();
  std::lock_guard guard(g_config_mutex);  // SITE:exited-wait
}

// A condition variable nobody will notify: a wait with no lock holder.
void Condvar() {
  std::mutex mutex;
  std::condition_variable ready_cv;
  bool ready = false;
  std::unique_lock lock(mutex);
  ready_cv.wait(lock, [&] { return ready; });  // SITE:cv-wait
}

// A libconc channel nobody sends to: a wait with no lock holder either.
void Channel() {
  conc::Channel<int> results;
  std::optional<int> first = results.recv();  // SITE:chan-recv
  std::printf("%d\n", first.value_or(-1));
}

// A writer waiting for a lock two readers hold.
void Readers() {
  std::shared_mutex config_mutex;
  std::latch both_read(2);
  auto reader = [&] {
    config_mutex.lock_shared();  // SITE:reader-lock
    both_read.count_down();
    SleepForever();
  };
  std::thread first(reader);
  std::thread second(reader);
  both_read.wait();
  config_mutex.lock();  // SITE:writer-lock
  first.join();
  second.join();
}

// Kata 05's starter: a lock not released on one path, asked for again by
// the same thread.
void Self() {
  std::mutex mutex;
  mutex.lock();  // SITE:self-first
  mutex.lock();  // SITE:self-second
}

// Nothing but a sleep in another thread, and main in join.
// Also: the dump's variable is not passed on to programs this one starts.
void Sleeper() {
  std::printf("waitfor env: %s\n", std::getenv("CONC_PROBE_WAITFOR_JSON") ? "set" : "unset");
  std::fflush(stdout);
  std::thread sleeper(SleepForever);
  sleeper.join();  // SITE:sleeper-join
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: waitfor_target held-elsewhere|cycle|exited|condvar|channel|readers|self|sleeper\n");
    return 2;
  }
  const char* scenario = argv[1];
  if (std::strcmp(scenario, "held-elsewhere") == 0) HeldElsewhere();
  else if (std::strcmp(scenario, "cycle") == 0) Cycle();
  else if (std::strcmp(scenario, "exited") == 0) Exited();
  else if (std::strcmp(scenario, "condvar") == 0) Condvar();
  else if (std::strcmp(scenario, "channel") == 0) Channel();
  else if (std::strcmp(scenario, "readers") == 0) Readers();
  else if (std::strcmp(scenario, "self") == 0) Self();
  else if (std::strcmp(scenario, "sleeper") == 0) Sleeper();
  else {
    std::fprintf(stderr, "waitfor_target: unknown scenario '%s'\n", scenario);
    return 2;
  }
  std::puts("waitfor_target: finished (not expected)");
  return 0;
}
