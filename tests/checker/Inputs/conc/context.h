// Mock of conc/context.h for checker scenarios.
#pragma once
#include <chrono>
#include <stop_token>
#include <utility>

namespace conc {

class Context {
public:
  Context();
  bool done() const;
  const char *err() const;
  std::stop_token stop_token() const;
};

std::pair<Context, void (*)()> with_cancel(const Context &parent);
std::pair<Context, void (*)()> with_timeout(const Context &parent,
                                            std::chrono::milliseconds timeout);
std::pair<Context, void (*)()>
with_deadline(const Context &parent, std::chrono::steady_clock::time_point at);

} // namespace conc
