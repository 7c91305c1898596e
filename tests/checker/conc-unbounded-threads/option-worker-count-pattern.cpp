// RUN: %check_conc_tidy %s conc-unbounded-threads %t -- \
// RUN:   -config="{CheckOptions: {conc-unbounded-threads.WorkerCountPattern: 'in_flight', conc-unbounded-threads.QueuePopFunctions: 'next_request'}}"
// The project's own names for a bound and for taking a queued item.
#include <thread>
#include <vector>

void work(int);
int next_request();

void capped(const std::vector<int> &items, std::size_t max_in_flight) {
  std::vector<std::jthread> threads;
  for (std::size_t i = 0; i < items.size() && i < max_in_flight; ++i)
    threads.emplace_back(work, items[i]);
}

// 'num_threads' is no bound under this option any more.
void not_a_bound_here(const std::vector<int> &items, std::size_t num_threads) {
  std::vector<std::jthread> threads;
  for (std::size_t i = 0; i < items.size() && i < num_threads; ++i)
    threads.emplace_back(work, items[i]);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: a thread is started for every item of the input
}

void requests(bool &running) {
  while (running) {
    int r = next_request();
    std::thread(work, r).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: a thread is started for every item of the input
  }
}
