#pragma once
#include <conc/channel.h>

#include <map>
#include <memory>
#include <string>

// Counts page hits per route ("/cart", "/checkout"...), from every request
// thread at once.
class HitCounter {
 public:
  HitCounter();
  HitCounter(const HitCounter&) = delete;
  HitCounter& operator=(const HitCounter&) = delete;

  // Counts one hit of `route`.
  void add(const std::string& route);
  // The hits of `route` so far (0 for a route never hit): every add() that
  // returned before this call is counted.
  long count(const std::string& route);

 private:
  // "Share memory by communicating": the counts belong to one loop thread,
  // and add() and count() send it requests.
  struct Request {
    std::string route;
    std::shared_ptr<conc::Channel<long>> reply;  // null for add()
  };
  struct Loop {
    conc::Channel<Request> requests;
    std::map<std::string, long> counts;  // only the loop thread touches it
  };
  std::shared_ptr<Loop> loop_;
};
