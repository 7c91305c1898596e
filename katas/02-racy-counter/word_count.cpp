#include "word_count.h"

#include <thread>

long count_lines_containing(const std::vector<std::string>& lines, const std::string& word,
                            int threads) {
  long total = 0;
  {
    std::vector<std::jthread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&lines, &word, &total, t, threads] {
        for (std::size_t i = t; i < lines.size(); i += threads) {
          if (lines[i].find(word) != std::string::npos) ++total;
        }
      });
    }
  }  // the jthreads join here
  return total;
}
