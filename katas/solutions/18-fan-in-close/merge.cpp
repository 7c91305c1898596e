#include "merge.h"

#include <conc/waitgroup.h>

#include <memory>

Merger::Merger(std::vector<conc::Channel<int>*> inputs, conc::Channel<int>& out) {
  auto forwarding = std::make_shared<conc::WaitGroup>();
  forwarding->add(static_cast<std::int64_t>(inputs.size()));  // before any forwarder starts
  for (conc::Channel<int>* input : inputs) {
    threads_.emplace_back([input, &out, forwarding] {
      for (int value : *input) out.send(value);
      forwarding->done();
    });
  }
  // The one closer: it knows when every forwarder is done.
  threads_.emplace_back([&out, forwarding] {
    forwarding->wait();
    out.close();
  });
}
