// RUN: %check_conc_tidy %s conc-unsynchronized-capture %t
// Each thread writes its own element; everyone else only reads.
#include <string>
#include <thread>
#include <vector>

int square(int);

std::vector<int> parallel_squares(const std::vector<int> &input, int workers) {
  std::vector<int> output(input.size());
  int table[64] = {};
  const int scale = 3;
  std::string name = "squares";
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w)
    threads.emplace_back([&, w] {
      for (std::size_t i = w; i < input.size(); i += workers) {
        output[i] = square(input[i]) * scale;
        table[i % 64] = static_cast<int>(name.size());
      }
    });
  for (auto &t : threads)
    t.join();
  return output;
}
