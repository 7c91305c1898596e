// Mock of conc/context.h (branch prims) for checker scenarios.
#pragma once
#include "channel.h"
#include <chrono>
#include <optional>
#include <stop_token>
#include <system_error>
#include <variant>

namespace conc {

class Context {
public:
  using Clock = std::chrono::steady_clock;
  static Context background() noexcept { return Context(); }
  Context() noexcept = default;
  Receiver<std::monostate> done() const noexcept;
  std::error_code err() const noexcept;
  std::optional<Clock::time_point> deadline() const noexcept;
  std::stop_token stop_token() const noexcept;
  bool is_done() const noexcept { return static_cast<bool>(err()); }
};

class CancelFunc {
public:
  CancelFunc() = default;
  void operator()() const noexcept;
};

struct ContextAndCancel {
  Context ctx;
  CancelFunc cancel;
};

ContextAndCancel with_cancel(const Context &parent);
ContextAndCancel with_deadline(const Context &parent,
                               Context::Clock::time_point deadline);
template <class Rep, class Period>
ContextAndCancel with_timeout(const Context &parent,
                              std::chrono::duration<Rep, Period> timeout) {
  return (void)timeout, with_cancel(parent);
}

} // namespace conc
