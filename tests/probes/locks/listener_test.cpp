// The lock listener of conc_probe_main: the test in which an inversion
// closes fails, and the report says in which test each edge was first seen.
// The two orders are in two tests, each with a thread joined before the test
// ends: nothing overlaps, nothing deadlocks.
#include <gtest/gtest.h>

#include <cstdint>
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

__attribute__((noinline)) void LocalAndOrders(int test) {
  std::mutex local;
  g_local_addresses[test] = reinterpret_cast<std::uintptr_t>(&local);
  if (test == 0) {
    std::lock_guard<std::mutex> mine(local);
    std::lock_guard<std::mutex> book(g_orders);
  } else {
    std::lock_guard<std::mutex> book(g_orders);
    std::lock_guard<std::mutex> mine(local);
  }
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
