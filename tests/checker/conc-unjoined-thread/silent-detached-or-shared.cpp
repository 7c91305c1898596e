// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// A detached thread is not joinable (conc-leaked-thread judges detaching);
// a thread shared by reference or address is someone else's to join.
#include <functional>
#include <thread>

void work() noexcept;
void step(); // may throw
void join_later(std::thread *t);

void detached(bool c) {
  std::thread worker(work);
  worker.detach();
  if (c)
    return;
  step();
}

void captured_by_reference() {
  std::thread worker(work);
  auto finish = [&] { worker.join(); };
  finish();
}

void address_taken() {
  std::thread worker(work);
  join_later(&worker);
}

void wrapped_in_reference(std::function<void(std::thread &)> joiner) {
  std::thread worker(work);
  joiner(worker);
}
