#include "service.h"

void Metrics::on_open() {
  std::lock_guard<std::mutex> lock(mu_);
  ++opened_;
}

// The lambda runs here, under mu_: its call of count() takes Sessions::mu_.
void Metrics::publish(Sessions &sessions) {
  std::lock_guard<std::mutex> lock(mu_);
  auto current = [&] { return sessions.count(); };
  opened_ = current();
}
