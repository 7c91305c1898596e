// RUN: %check_conc_tidy %s conc-unsynchronized-capture %t
// An owning pointer is looked through only to find a lock: a class that owns
// plain data through std::unique_ptr is not synchronized by it.
#include <memory>
#include <thread>
#include <vector>

struct Buffer {
  std::vector<int> items;
};

class Log {
public:
  void append(int item);

private:
  std::unique_ptr<Buffer> buffer_;
};

void writers(int n) {
  Log log;
  std::vector<std::thread> threads;
  for (int t = 0; t < n; ++t)
    threads.emplace_back([&log, t] { log.append(t); });
    // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: 'log' is written by a thread and written by another run of the same thread with no lock held; guard both with the same mutex or make it atomic [conc-unsynchronized-capture]
  for (auto &th : threads)
    th.join();
}
