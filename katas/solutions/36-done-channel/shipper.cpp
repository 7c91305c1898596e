#include "shipper.h"

#include <conc/select.h>

#include <optional>

Shipper::Shipper(conc::Channel<std::string>& lines, Sink sink)
    : lines_(lines), sink_(std::move(sink)), worker_([this] { run(); }) {}

void Shipper::run() {
  for (;;) {
    bool finished = false;
    // Wait for whichever comes first: a line, or the owner closing done_.
    conc::select(
        conc::recv(done_, [&finished] { finished = true; }),
        conc::recv(lines_, [&](std::optional<std::string> line) {
          if (!line) {  // the application closed the channel: nothing more will come
            finished = true;
            return;
          }
          sink_(*line);
        }));
    if (finished) return;
  }
}

void Shipper::stop() {
  if (stopped_) return;
  stopped_ = true;
  done_.close();  // wakes the worker wherever it waits; closed exactly once
  worker_.join();
}

Shipper::~Shipper() { stop(); }
