// RUN: %check_conc_tidy %s conc-waitgroup-add-in-thread %t -- -- -std=c++20 -I%conc_include
// A server whose Stop() waits for the connections its Accept() started.
#include <conc/waitgroup.h>
#include <thread>

class Server {
public:
  void accept_one(int fd) {
    std::thread([this, fd] {
      active_.add(1);
      // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'add' on wait group 'active_' runs inside the thread it counts; 'wait' may return before it runs; call 'add' before starting the thread [conc-waitgroup-add-in-thread]
      // CHECK-NOTES: :[[@LINE-3]]:5: note: the thread is started here
      // CHECK-NOTES: :[[@LINE+8]]:13: note: 'wait' waits on 'active_' here
      serve(fd);
      active_.done();
    }).detach();
  }
  void serve(int fd);
  void stop() {
    closing_ = true;
    active_.wait();
  }

private:
  conc::WaitGroup active_;
  bool closing_ = false;
};
