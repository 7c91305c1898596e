#include "pipeline.h"

Pipeline::Pipeline()
    : generator_([this](std::stop_token stop) {
        for (long n = 1; !stop.stop_requested(); ++n) numbers_.send(n);
      }),
      squarer_([this](std::stop_token stop) {
        while (!stop.stop_requested()) {
          std::optional<long> n = numbers_.recv();
          if (!n) return;
          squares_.send(*n * *n);
        }
      }) {}

// The jthreads request a stop and join when they are destroyed.
Pipeline::~Pipeline() = default;

long Pipeline::next() { return *squares_.recv(); }
