// RUN: %check_conc_tidy %s conc-dangling-capture %t
// Threads that leave the function: stored in a member, returned, or put
// into the caller's container.
#include <string>
#include <thread>
#include <vector>

void serve(const std::string &);

class Server {
public:
  void start(std::string address) {
    listener_ = std::thread([&address] { serve(address); });
    // CHECK-NOTES: :[[@LINE-1]]:31: warning: 'address' is captured by reference by a thread that may outlive it
    // CHECK-NOTES: :[[@LINE-3]]:26: note: 'address' is declared here
    // CHECK-NOTES: :[[@LINE-3]]:17: note: the thread leaves this function (stored in 'listener_') and is not joined here
  }
  ~Server() { listener_.join(); }

private:
  std::thread listener_;
};

std::thread spawn_returned() {
  std::string name = "worker";
  return std::thread([&] { serve(name); });
  // CHECK-NOTES: :[[@LINE-1]]:34: warning: 'name' is captured by reference by a thread that may outlive it
  // CHECK-NOTES: :[[@LINE-3]]:15: note: 'name' is declared here
  // CHECK-NOTES: :[[@LINE-3]]:10: note: the thread leaves this function (returned) and is not joined here
}

void spawn_into(std::vector<std::thread> &out) {
  std::string name = "worker";
  out.emplace_back([&name] { serve(name); });
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: 'name' is captured by reference by a thread that may outlive it
  // CHECK-NOTES: :[[@LINE-3]]:15: note: 'name' is declared here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the thread leaves this function (stored in 'out') and is not joined here
}
