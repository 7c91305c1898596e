#include "word_count.h"

#include <atomic>
#include <thread>

long count_lines_containing(const std::vector<std::string>& lines, const std::string& word,
                            int threads) {
  std::atomic<long> total = 0;
  {
    std::vector<std::jthread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&lines, &word, &total, t, threads] {
        long mine = 0;  // private to this thread: no sharing while counting
        for (std::size_t i = t; i < lines.size(); i += threads) {
          if (lines[i].find(word) != std::string::npos) ++mine;
        }
        total.fetch_add(mine, std::memory_order_relaxed);
      });
    }
  }  // the joins order every fetch_add before the load below
  return total.load(std::memory_order_relaxed);
}
