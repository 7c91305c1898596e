#include "replicas.h"

#include <conc/channel.h>
#include <conc/select.h>

#include <thread>

std::optional<std::string> first_answer(const std::vector<Replica>& replicas,
                                        std::chrono::milliseconds timeout) {
  conc::Channel<std::string> answers(replicas.size());  // losers never block
  std::optional<std::string> first;
  std::vector<std::jthread> asking;
  for (const Replica& replica : replicas) {
    asking.emplace_back([&answers, &replica](std::stop_token stop) {
      answers.send(replica(stop));
    });
  }
  // The first answer, or the deadline: whichever comes first.
  conc::select(conc::recv(answers, [&first](std::optional<std::string> answer) {
                 first = std::move(answer);
               }),
               conc::after(timeout, [] {}));
  return first;
}  // the jthreads are asked to stop and joined here
