// RUN: %check_conc_tidy %s conc-leaked-thread %t
// Thread functions defined in this file are read too: plain functions,
// pthread start routines, and lambdas that only forward to a member.
#include <pthread.h>
#include <thread>

void handle() noexcept;

void accept_loop() {
  while (1)
    handle();
}

void *pump(void *) {
  for (;;)
    handle();
}

class Daemon {
public:
  void start() {
    worker_ = std::thread([this] { run(); });
    // CHECK-NOTES: :[[@LINE-1]]:15: warning: this thread runs a loop that never ends
    // CHECK-NOTES: :[[@LINE+7]]:5: note: this loop never ends
  }
  ~Daemon() { worker_.join(); }

private:
  void run() {
    handle();
    while (true)
      handle();
  }
  std::thread worker_;
};

void start_all() {
  std::thread acceptor(accept_loop);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 'acceptor' runs a loop that never ends
  // CHECK-NOTES: :[[@LINE-30]]:3: note: this loop never ends
  pthread_t tid;
  pthread_create(&tid, nullptr, pump, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread 'tid' runs a loop that never ends
  // CHECK-NOTES: :[[@LINE-29]]:3: note: this loop never ends
  acceptor.join();
  pthread_join(tid, nullptr);
}
