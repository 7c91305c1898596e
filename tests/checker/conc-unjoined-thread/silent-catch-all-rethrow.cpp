// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// Joining in catch (...) and rethrowing closes the exception path.
#include <thread>

void work() noexcept;
void step(); // may throw

void guarded() {
  std::thread worker(work);
  try {
    step();
    step();
  } catch (...) {
    worker.join();
    throw;
  }
  worker.join();
}

void guarded_with_specific_handlers() {
  std::thread worker(work);
  try {
    step();
  } catch (const int &) {
    worker.join();
    throw;
  } catch (...) {
    worker.join();
    throw;
  }
  worker.join();
}
