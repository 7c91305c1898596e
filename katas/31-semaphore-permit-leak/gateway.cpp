#include "gateway.h"

#include <stdexcept>

int Gateway::checked(int max_in_flight) {
  if (max_in_flight < 1) throw std::invalid_argument("max_in_flight must be at least 1");
  return max_in_flight;
}

Gateway::Gateway(int max_in_flight, Backend backend)
    : slots_(checked(max_in_flight)), backend_(std::move(backend)) {}

std::string Gateway::call(const std::string& request) {
  slots_.acquire();
  std::string reply = backend_(request);
  slots_.release();
  return reply;
}

std::optional<std::string> Gateway::try_call(const std::string& request) {
  if (!slots_.try_acquire()) return std::nullopt;
  std::string reply = backend_(request);
  slots_.release();
  return reply;
}
