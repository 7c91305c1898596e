#pragma once
#include <conc/channel.h>

#include <optional>
#include <thread>

// A two-stage pipeline: a generator sends 1, 2, 3, ... (forever) and a
// squarer turns each n into n * n. next() returns the squares in order.
// A consumer may stop early by destroying the Pipeline at any time: that
// must end both stages promptly and join them.
class Pipeline {
 public:
  Pipeline();
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  long next();

 private:
  conc::Channel<long> numbers_;
  conc::Channel<long> squares_;
  std::jthread generator_;
  std::jthread squarer_;
};
