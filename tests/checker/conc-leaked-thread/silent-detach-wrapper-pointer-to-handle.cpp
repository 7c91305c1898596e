// RUN: %check_conc_tidy %s conc-leaked-thread %t
// C++ forms of a destroy function that receives a pointer to its caller's
// pointer to a thread: a plain function (`(*slot)->detach()`) and a
// function template (`(**slot).detach()`). The thread is the caller's:
// silent.
#include <thread>

void release(std::thread **slot) {
  (*slot)->detach();
  delete *slot;
  *slot = nullptr;
}

template <class Thread> void release_any(Thread **slot) {
  (**slot).detach();
  delete *slot;
  *slot = nullptr;
}

template void release_any(std::thread **);
