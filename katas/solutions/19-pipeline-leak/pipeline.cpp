#include "pipeline.h"

Pipeline::Pipeline()
    : generator_([this](std::stop_token stop) {
        for (long n = 1;; ++n) {
          if (!numbers_.send(n, stop)) return;  // gives up when stop is requested
        }
      }),
      squarer_([this](std::stop_token stop) {
        while (true) {
          std::optional<long> n = numbers_.recv(stop);
          if (!n) return;
          if (!squares_.send(*n * *n, stop)) return;
        }
      }) {}

// The jthreads (declared after the channels) request a stop and join first.
Pipeline::~Pipeline() = default;

long Pipeline::next() { return *squares_.recv(); }
