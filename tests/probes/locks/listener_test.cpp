// The lock listener of conc_probe_main: the test in which an inversion
// closes fails, and the report says in which test each edge was first seen.
// The two orders are in two tests, each with a thread joined before the test
// ends: nothing overlaps, nothing deadlocks.
#include <gtest/gtest.h>

#include <alloca.h>

#include <cstdint>
#include <new>
#include <mutex>
#include <thread>

namespace {

std::mutex g_inventory;
std::mutex g_orders;

TEST(Orders, ReserveTakesInventoryThenOrders) {
  std::thread([] {
    std::lock_guard<std::mutex> stock(g_inventory);
    std::lock_guard<std::mutex> book(g_orders);
  }).join();
}

TEST(Orders, CancelTakesOrdersThenInventory) {
  std::thread([] {
    std::lock_guard<std::mutex> book(g_orders);
    std::lock_guard<std::mutex> stock(g_inventory);
  }).join();
}

// Two tests, each with a mutex on its stack, taken with g_orders in opposite
// orders. Both call the same function from test bodies of the same shape,
// so the second test's mutex is at the first one's address (asserted by a
// third test). It is a different lock: the listener ends the first one's
// identity between the tests, so no cycle.
std::uintptr_t g_local_addresses[2] = {0, 0};
std::uintptr_t g_slot = 0;  // the stack address both tests' mutex is built at

// Builds its mutex on its own stack frame at one absolute address in both
// calls, whatever the callers' frames (they differ between builds and
// sanitizers): alloca makes the frame reach down to that address.
__attribute__((noinline)) void LocalAndOrders(int test) {
  char here;
  auto top = reinterpret_cast<std::uintptr_t>(&here);
  if (g_slot == 0) g_slot = (top - 8192) & ~std::uintptr_t{63};
  auto* room = static_cast<char*>(alloca(top - g_slot + 256));
  auto slot = reinterpret_cast<std::uintptr_t>(room) > g_slot ? reinterpret_cast<std::uintptr_t>(room) : g_slot;
  auto* local = new (reinterpret_cast<void*>(slot)) std::mutex;
  g_local_addresses[test] = slot;
  if (test == 0) {
    std::lock_guard<std::mutex> mine(*local);
    std::lock_guard<std::mutex> book(g_orders);
  } else {
    std::lock_guard<std::mutex> book(g_orders);
    std::lock_guard<std::mutex> mine(*local);
  }
  local->~mutex();
}

TEST(StackLocks, FirstTakesLocalThenOrders) { LocalAndOrders(0); }

TEST(StackLocks, SecondTakesOrdersThenLocalAtTheSameAddress) { LocalAndOrders(1); }

// Checked in a test of its own: an assertion in the second test would give
// its body another frame size, and the local another address.
TEST(StackLocks, TheTwoLocalsWereAtOneAddress) {
  EXPECT_EQ(g_local_addresses[1], g_local_addresses[0]) << "the scenario needs the same address";
}

TEST(Orders, CleanTestAfterwards) {
  std::lock_guard<std::mutex> stock(g_inventory);
  std::lock_guard<std::mutex> book(g_orders);
}

}  // namespace
