#include "shipper.h"

Shipper::Shipper(conc::Channel<std::string>& lines, Sink sink)
    : lines_(lines), sink_(std::move(sink)), worker_([this] { run(); }) {}

void Shipper::run() {
  for (std::string line : lines_) {
    if (stopping_) return;  // stop() asked us to finish
    sink_(line);
  }
}

void Shipper::stop() {
  stopping_ = true;
  if (worker_.joinable()) worker_.join();
}

Shipper::~Shipper() { stop(); }
