#include "mirrors.h"

#include <conc/channel.h>

#include <thread>

std::string fastest(const std::vector<Mirror>& mirrors) {
  // Room for every answer: no send ever waits for a reader.
  conc::Channel<std::string> answers(mirrors.size());
  // Declared after the channel, so destroyed (stopped and joined) before it.
  std::vector<std::jthread> askers;
  askers.reserve(mirrors.size());
  for (const Mirror& mirror : mirrors) {
    askers.emplace_back(
        [&answers, &mirror](std::stop_token stop) { answers.send(mirror(stop)); });
  }
  std::string first = *answers.recv();
  // The losers give up now (Go: cancel the context), so the joins below do
  // not wait for the slowest mirror.
  for (std::jthread& asker : askers) asker.request_stop();
  return first;
}  // ~jthread joins every asker: nothing is left behind
