#include "merge.h"

Merger::Merger(std::vector<conc::Channel<int>*> inputs, conc::Channel<int>& out) {
  for (conc::Channel<int>* input : inputs) {
    threads_.emplace_back([input, &out] {
      for (int value : *input) out.send(value);
    });
  }
}
