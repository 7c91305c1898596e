// RUN: %check_conc_tidy %s conc-unbounded-threads %t
// Ranges whose size is fixed at compile time, and ranges of workers.
#include <array>
#include <ranges>
#include <thread>
#include <vector>

void work(int);

void fixed() {
  std::vector<std::jthread> threads;
  int shards[3] = {1, 2, 3};
  for (int s : shards)
    threads.emplace_back(work, s);
  std::array<int, 4> parts{1, 2, 3, 4};
  for (int p : parts)
    threads.emplace_back(work, p);
  for (int p : {10, 20})
    threads.emplace_back(work, p);
  for (int i : std::views::iota(0, 4))
    threads.emplace_back(work, i);
}

struct Worker {
  std::jthread thread;
  int id;
};

class Service {
public:
  void start() {
    for (Worker &w : workers_)
      w.thread = std::jthread(work, w.id);
  }

private:
  std::vector<Worker> workers_;
};
