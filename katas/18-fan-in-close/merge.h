#pragma once
#include <conc/channel.h>

#include <thread>
#include <vector>

// Fan-in: forwards every value of every input channel to `out`, and closes
// `out` once every input is closed and everything has been forwarded, so
// that a consumer can simply `for (int v : out)`.
// The Merger owns its threads; the channels must outlive it.
class Merger {
 public:
  Merger(std::vector<conc::Channel<int>*> inputs, conc::Channel<int>& out);

 private:
  std::vector<std::jthread> threads_;
};
