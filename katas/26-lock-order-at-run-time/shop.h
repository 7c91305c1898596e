#pragma once
#include <functional>
#include <map>
#include <mutex>
#include <string>

// A shop that reserves stock for orders and puts it back when an order is
// cancelled. Stock and orders have a mutex each, so that reading the stock
// does not wait for the order book.
class Shop {
 public:
  Shop();

  void AddStock(const std::string& item, int count);
  int Stock(const std::string& item);

  // Takes `count` of `item` off the shelf for a new order and returns the
  // order's id, or -1 when there are not enough.
  int Reserve(const std::string& item, int count);

  // Cancels an order: it leaves the order book, then `on_cancel` runs for it
  // (by default, its items go back on the shelf). Unknown ids are ignored.
  void Cancel(int order);

  int OpenOrders();

  // What happens to a cancelled order's items; replaceable (a shop that
  // sends returns to a supplier instead).
  std::function<void(const std::string& item, int count)> on_cancel;

 private:
  struct Order {
    std::string item;
    int count;
  };

  std::mutex stock_mu_;  // guards stock_
  std::map<std::string, int> stock_;
  std::mutex orders_mu_;  // guards orders_ and next_id_
  std::map<int, Order> orders_;
  int next_id_ = 1;
};
