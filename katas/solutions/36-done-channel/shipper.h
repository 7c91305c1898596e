#pragma once
#include <conc/channel.h>

#include <functional>
#include <string>
#include <thread>
#include <variant>

// Ships log lines to a log server, on a thread of its own.
//
// The lines come from a channel that belongs to the application: every
// part of it sends its log lines there, so nobody closes it while the
// application runs. It must outlive the Shipper.
class Shipper {
 public:
  using Sink = std::function<void(const std::string& line)>;

  // Starts shipping the lines received from `lines` to `sink`, in order.
  Shipper(conc::Channel<std::string>& lines, Sink sink);

  // Stops shipping and waits for the shipping thread to end: promptly, also
  // when no line is coming. Lines still in the channel stay there (the next
  // shipper takes them). Call it from the owner; a second call does nothing.
  void stop();

  ~Shipper();  // stops

  Shipper(const Shipper&) = delete;
  Shipper& operator=(const Shipper&) = delete;

 private:
  void run();

  conc::Channel<std::string>& lines_;
  Sink sink_;
  // Closed by stop(), never sent on: a receive on it blocks until the close,
  // then returns at once, so the worker can wait for a line *or* the stop
  // (Go: done := make(chan struct{}); close(done)).
  conc::Channel<std::monostate> done_;
  bool stopped_ = false;  // only the owner reads and writes it
  std::thread worker_;    // last: it starts once the members above are ready
};
