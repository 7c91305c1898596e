// The lock listener of conc_probe_main: the test in which an inversion
// closes fails, and the report says in which test each edge was first seen.
// The two orders are in two tests, each with a thread joined before the test
// ends: nothing overlaps, nothing deadlocks.
#include <gtest/gtest.h>

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

// Two tests, each with a mutex on its stack: the second test's mutex is at
// the first one's address (asserted) and is taken in the other order. It is
// a different lock: the listener ends the first one's identity between the
// tests, so no cycle.
const void* g_first_local = nullptr;

TEST(StackLocks, FirstTakesLocalThenOrders) {
  std::mutex local;
  g_first_local = &local;
  std::lock_guard<std::mutex> mine(local);
  std::lock_guard<std::mutex> book(g_orders);
}

TEST(StackLocks, SecondTakesOrdersThenLocalAtTheSameAddress) {
  std::mutex local;
  ASSERT_EQ(static_cast<const void*>(&local), g_first_local) << "the scenario needs the same address";
  std::lock_guard<std::mutex> book(g_orders);
  std::lock_guard<std::mutex> mine(local);
}

TEST(Orders, CleanTestAfterwards) {
  std::lock_guard<std::mutex> stock(g_inventory);
  std::lock_guard<std::mutex> book(g_orders);
}

}  // namespace
