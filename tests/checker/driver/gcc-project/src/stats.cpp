// Correct code with a clang-only warning: analysed, no finding.
#include <mutex>
#include <vector>

namespace stats {

class Counter {
public:
  void add(int Value) {
    std::lock_guard<std::mutex> Lock(Mu);
    Values.push_back(Value);
  }

private:
  std::mutex Mu;
  std::vector<int> Values;
  bool Spare = false; // clang: -Wunused-private-field
};

void record(Counter &C, int Value) { C.add(Value); }

} // namespace stats
