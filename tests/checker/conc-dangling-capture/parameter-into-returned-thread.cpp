// RUN: %check_conc_tidy %s conc-dangling-capture %t
// A by-value parameter (or a local) captured by reference into a thread
// that the function returns: the parameter dies when the function returns,
// the thread goes on using it. Returned as a temporary or through the local
// that owns it, whatever that owner's destructor does.
#include <string>
#include <thread>

void use(const std::string &);

std::thread by_local(std::string name) {
  std::thread t([&name] { use(name); });
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: 'name' is captured by reference by a thread that may outlive it; capture it by value or join the thread before its scope ends [conc-dangling-capture]
  // CHECK-NOTES: :[[@LINE-3]]:34: note: 'name' is declared here
  // CHECK-NOTES: :[[@LINE-3]]:15: note: the thread leaves this function (returned) and is not joined here
  return t;
}

// Variant: a std::jthread, whose destructor would join, moved out.
std::jthread joining_owner(std::string name) {
  std::jthread t([&] { use(name); });
  // CHECK-NOTES: :[[@LINE-1]]:28: warning: 'name' is captured by reference by a thread that may outlive it
  // CHECK-NOTES: :[[@LINE-3]]:40: note: 'name' is declared here
  // CHECK-NOTES: :[[@LINE-3]]:16: note: the thread leaves this function (returned) and is not joined here
  return std::move(t);
}

// Variant: a member function template, instantiated.
struct Spawner {
  template <class T> std::thread spawn(T value) {
    auto t = std::thread([&value] { use(value); });
    // CHECK-NOTES: :[[@LINE-1]]:28: warning: 'value' is captured by reference by a thread that may outlive it
    // CHECK-NOTES: :[[@LINE-3]]:42: note: 'value' is declared here
    // CHECK-NOTES: :[[@LINE-3]]:14: note: the thread leaves this function (returned) and is not joined here
    return t;
  }
};
template std::thread Spawner::spawn<std::string>(std::string);

// Variant: a lambda that returns the thread it starts.
auto starter = [](std::string name) {
  std::thread t([&] { use(name); });
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: 'name' is captured by reference by a thread that may outlive it
  // CHECK-NOTES: :[[@LINE-3]]:31: note: 'name' is declared here
  // CHECK-NOTES: :[[@LINE-3]]:15: note: the thread leaves this function (returned) and is not joined here
  return t;
};
