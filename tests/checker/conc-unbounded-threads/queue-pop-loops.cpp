// RUN: %check_conc_tidy %s conc-unbounded-threads %t -- -- -std=c++20 -I%conc_include
// A thread per queued item, per received message, per accepted connection.
#include <conc/channel.h>
#include <queue>
#include <thread>

void handle(int);
int accept(int fd, void *addr, void *len);

void drain(std::queue<int> &pending) {
  while (!pending.empty()) {
    int item = pending.front();
    pending.pop();
    std::thread(handle, item).detach();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: a thread is started for every item of the input
    // CHECK-NOTES: :[[@LINE-5]]:10: note: the loop's condition depends on the size of the data, not on a worker count
  }
}

void serve_channel(conc::Channel<int> &requests) {
  while (auto request = requests.recv()) {
    std::thread(handle, *request).detach();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: a thread is started for every item of the input
    // CHECK-NOTES: :[[@LINE-3]]:25: note: each iteration takes one item here
  }
}

void serve_socket(int listener) {
  for (;;) {
    int fd = accept(listener, nullptr, nullptr);
    std::thread(handle, fd).detach();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: a thread is started for every item of the input
    // CHECK-NOTES: :[[@LINE-3]]:14: note: each iteration takes one item here
  }
}
