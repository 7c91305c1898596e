#include "hit_counter.h"

#include <thread>

HitCounter::HitCounter() : loop_(std::make_shared<Loop>()) {
  // The thread holds the loop state too, so it never runs on freed memory.
  std::thread([loop = loop_] {
    for (Request request : loop->requests) {
      if (request.reply) {
        request.reply->send(loop->counts[request.route]);
      } else {
        ++loop->counts[request.route];
      }
    }
  }).detach();
}

void HitCounter::add(const std::string& route) { loop_->requests.send(Request{route, nullptr}); }

long HitCounter::count(const std::string& route) {
  auto reply = std::make_shared<conc::Channel<long>>(1);
  loop_->requests.send(Request{route, reply});
  return reply->recv().value_or(0);
}
