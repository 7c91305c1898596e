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

TEST(Orders, CleanTestAfterwards) {
  std::lock_guard<std::mutex> stock(g_inventory);
  std::lock_guard<std::mutex> book(g_orders);
}

}  // namespace
