// RUN: %check_conc_tidy %s conc-leaked-thread %t
// Go's rule "no goroutines in init()": no threads started before main, in
// an unspecified order with other globals' initializers.
#include <thread>

void tick() noexcept;

std::thread ticker(tick);
// CHECK-NOTES: :[[@LINE-1]]:13: warning: 'ticker' starts a thread during static initialization, before main and in an unspecified order with other globals; start it from main or from an owner's start function [conc-leaked-thread]
// CHECK-NOTES: :[[@LINE-2]]:13: note: the thread is started here

class Service {
public:
  Service() : worker_(tick) {}
  // CHECK-NOTES: :[[@LINE+5]]:9: warning: 'service' starts a thread during static initialization
  // CHECK-NOTES: :[[@LINE-2]]:15: note: the thread is started here
  ~Service() { worker_.join(); }
  std::thread worker_;
};
Service service;

namespace {
bool registered = [] {
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: 'registered' starts a thread during static initialization
  std::thread(tick).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the thread is started here
  // CHECK-NOTES: :[[@LINE-2]]:21: warning: the thread is detached
  return true;
}();
} // namespace

std::thread &background() {
  static std::thread instance(tick);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: static 'instance' starts a thread that outlives main: nothing joins it before static destruction; give the thread an owner that stops and joins it [conc-leaked-thread]
  // CHECK-NOTES: :[[@LINE-2]]:22: note: the thread is started here
  return instance;
}
