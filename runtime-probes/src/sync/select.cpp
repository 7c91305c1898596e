// The select protocol (conc/select.h), after Go's selectgo: poll the cases in
// random order; if none is ready, enrol on all of them and sleep until one
// counterpart selects this thread's Waiter; withdraw from the others.
#include <cstdint>
#include <memory>

#include "conc/select.h"

namespace conc::internal {
namespace {

std::uint32_t FastRandom() noexcept {
  thread_local std::uint32_t state =
      static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(&state) >> 4) | 1u;
  state ^= state << 13;
  state ^= state >> 17;
  state ^= state << 5;
  return state;
}

// A uniformly random permutation of 0..count-1 (inside-out Fisher-Yates).
// Polling in that order takes each ready case with the same probability,
// wherever it stands: a rotation from a random start would give a case that
// follows a never-ready one twice its share (Go's selectgo shuffles too).
void ShufflePollOrder(int* order, int count) noexcept {
  for (int i = 0; i < count; ++i) {
    const int j = static_cast<int>(FastRandom() % static_cast<std::uint32_t>(i + 1));
    order[i] = order[j];
    order[j] = i;
  }
}

}  // namespace

int RunSelect(SelectCase* const* cases, int count, const Deadline& deadline, bool nonblocking) {
  Waiter& self = Waiter::current();
  constexpr int kInlineCases = 16;
  int inline_order[kInlineCases];
  std::unique_ptr<int[]> heap_order;
  int* order = inline_order;
  if (count > kInlineCases) {
    heap_order = std::make_unique<int[]>(static_cast<std::size_t>(count));
    order = heap_order.get();
  }
  unsigned retries = 0;
  for (;;) {
    ShufflePollOrder(order, count);
    for (int k = 0; k < count; ++k) {
      const int i = order[k];
      if (cases[i]->nil()) continue;
      if (cases[i]->try_now(&self) != OpStatus::kNotReady) return i;
    }
    if (nonblocking) return -1;
    if (deadline && Clock::now() >= *deadline) return -1;

    self.reset();
    int enrolled = 0;
    try {
      while (enrolled < count) {
        SelectCase* c = cases[enrolled];
        if (c->nil()) {
          ++enrolled;
          continue;
        }
        c->partner = nullptr;
        const bool ready = c->enroll(self);  // may throw std::bad_alloc: then not enrolled
        ++enrolled;
        if (ready) {
          self.try_select(kAborted);
          break;
        }
        if (self.selected() != kWaiting) break;
      }
    } catch (...) {
      // The cases enrolled so far point into this frame, which the exception
      // is about to destroy: make sure no counterpart selects them any more,
      // withdraw them, and honour a counterpart that already did (its value
      // is in our packet): then the select took that case after all.
      self.try_select(kAborted);
      const std::uintptr_t selection = self.selected();
      for (int i = 0; i < enrolled; ++i) {
        if (!cases[i]->nil()) cases[i]->withdraw();
      }
      for (int i = 0; i < enrolled; ++i) {
        if (cases[i]->operation() == selection && cases[i]->accept(self) != OpStatus::kNotReady) {
          return i;
        }
      }
      throw;
    }
    // Spin for the first enrolled case whose channel knows its partner.
    const Waiter* partner = nullptr;
    for (int i = 0; i < enrolled && partner == nullptr; ++i) {
      if (!cases[i]->nil()) partner = cases[i]->partner;
    }
    const std::uintptr_t selection =
        self.wait_until(deadline, nullptr, {"select", nullptr}, partner);
    for (int i = 0; i < enrolled; ++i) {
      if (!cases[i]->nil()) cases[i]->withdraw();
    }
    for (int i = 0; i < count; ++i) {
      if (cases[i]->operation() == selection) {
        if (cases[i]->accept(self) != OpStatus::kNotReady) return i;
        break;
      }
    }
    // Aborted (timeout, "ready after all"), a close, or a lost race: poll
    // again. Two selects that can complete with each other in two ways
    // ({recv(A), send(B)} against {recv(B), send(A)}) may both find the
    // other's case waiting while they enrol and both abort; if they kept
    // retrying in lockstep they could abort each other for ever. A random
    // pause, longer on every retry, breaks the symmetry (as Ethernet's
    // backoff does): one of them enrols first, and the other pairs with it.
    const unsigned pause = FastRandom() & ((1u << (retries < 10 ? retries : 10)) - 1);
    for (unsigned i = 0; i < pause; ++i) CpuRelax();
    ++retries;
  }
}

}  // namespace conc::internal
