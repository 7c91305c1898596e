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
  Slot slot(slots_);  // released on return and on the backend's exception
  return backend_(request);
}

std::optional<std::string> Gateway::try_call(const std::string& request) {
  if (!slots_.try_acquire()) return std::nullopt;
  Slot slot(slots_);
  return backend_(request);
}
