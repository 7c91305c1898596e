// One pthread_atfork registration for every libconc service (fork.h).
#include "fork.h"

#include <pthread.h>

#include <atomic>
#include <cstdio>
#include <mutex>

namespace conc::internal {
namespace {

constexpr int kRanks = static_cast<int>(ForkRank::kCount);

struct Slot {
  std::atomic<void (*)()> prepare{nullptr};
  std::atomic<void (*)()> parent{nullptr};
  std::atomic<void (*)()> child{nullptr};
  std::atomic<bool> armed{false};  // set last: the three above are complete
};
constinit Slot slots[kRanks];
// The ranks whose prepare ran for the fork in progress (a service may
// register between prepare and parent/child: it must not be unlocked then).
constinit bool prepared[kRanks] = {};

void Prepare() {
  for (int rank = 0; rank < kRanks; ++rank) {
    prepared[rank] = slots[rank].armed.load(std::memory_order_acquire);
    if (prepared[rank]) slots[rank].prepare.load(std::memory_order_relaxed)();
  }
}

void Parent() {
  for (int rank = kRanks - 1; rank >= 0; --rank) {
    if (prepared[rank]) slots[rank].parent.load(std::memory_order_relaxed)();
  }
}

void Child() {
  for (int rank = kRanks - 1; rank >= 0; --rank) {
    if (prepared[rank]) slots[rank].child.load(std::memory_order_relaxed)();
  }
}

}  // namespace

void RegisterForkHandlers(ForkRank rank, ForkHandlers handlers) noexcept {
  static std::once_flag once;
  std::call_once(once, [] {
    if (pthread_atfork(&Prepare, &Parent, &Child) != 0) {
      std::fputs("conc: pthread_atfork failed: fork() in this process is not safe for libconc\n",
                 stderr);
    }
  });
  Slot& slot = slots[static_cast<int>(rank)];
  if (slot.armed.load(std::memory_order_acquire)) return;
  slot.prepare.store(handlers.prepare, std::memory_order_relaxed);
  slot.parent.store(handlers.parent, std::memory_order_relaxed);
  slot.child.store(handlers.child, std::memory_order_relaxed);
  slot.armed.store(true, std::memory_order_release);
}

}  // namespace conc::internal
