// The select protocol (conc/select.h), after Go's selectgo: poll the cases in
// random order; if none is ready, enrol on all of them and sleep until one
// counterpart selects this thread's Waiter; withdraw from the others.
#include <cstdint>

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

}  // namespace

int RunSelect(SelectCase* const* cases, int count, const Deadline& deadline, bool nonblocking) {
  Waiter& self = Waiter::current();
  for (;;) {
    if (count > 0) {
      const int start = static_cast<int>(FastRandom() % static_cast<std::uint32_t>(count));
      for (int k = 0; k < count; ++k) {
        int i = start + k < count ? start + k : start + k - count;
        if (cases[i]->nil()) continue;
        if (cases[i]->try_now(&self) != OpStatus::kNotReady) return i;
      }
    }
    if (nonblocking) return -1;
    if (deadline && Clock::now() >= *deadline) return -1;

    self.reset();
    int enrolled = 0;
    while (enrolled < count) {
      SelectCase* c = cases[enrolled++];
      if (c->nil()) continue;
      if (c->enroll(self)) {
        self.try_select(kAborted);
        break;
      }
      if (self.selected() != kWaiting) break;
    }
    const std::uintptr_t selection = self.wait_until(deadline, nullptr, {"select", nullptr});
    for (int i = 0; i < enrolled; ++i) {
      if (!cases[i]->nil()) cases[i]->withdraw();
    }
    for (int i = 0; i < count; ++i) {
      if (cases[i]->operation() == selection) {
        if (cases[i]->accept(self) != OpStatus::kNotReady) return i;
        break;
      }
    }
    // Aborted (timeout, "ready after all"), a close, or a lost race: poll again.
  }
}

}  // namespace conc::internal
