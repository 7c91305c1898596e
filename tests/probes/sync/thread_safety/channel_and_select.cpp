// Must compile cleanly under clang -Wthread-safety -Werror=thread-safety:
// instantiates every operation of Channel, Sender, Receiver and select, so
// that the analysis checks the template bodies (the members guarded by each
// channel's internal locks) and not only libconc's own .cpp files.
// (thread_safety_test in ../CMakeLists.txt.)
#include <chrono>
#include <memory>
#include <optional>
#include <stop_token>

#include "conc/conc.h"

template class conc::Channel<int>;
template class conc::Channel<std::unique_ptr<int>>;
template class conc::Sender<int>;
template class conc::Receiver<int>;

int main() {
  using namespace std::chrono_literals;
  conc::Channel<int> unbuffered, buffered(4);
  std::stop_source stop;
  buffered.send(1);
  buffered.send(2, stop.get_token());
  buffered.try_send(3);
  buffered.send_for(4, 1ms);
  std::optional<int> got = buffered.recv();
  got = buffered.recv(stop.get_token());
  got = buffered.try_recv();
  got = buffered.recv_for(1ms);
  got = buffered.recv_until(std::chrono::steady_clock::now());
  unbuffered.try_send(1);
  got = unbuffered.try_recv();
  conc::Receiver<int> from = buffered;
  conc::Sender<int> to = unbuffered;
  conc::select(conc::recv(from, [](std::optional<int>) {}), conc::send(to, 5, [] {}),
               conc::default_case([] {}));
  unbuffered.close();
  buffered.close();
  return got.has_value() ? 1 : 0;
}
