// One pthread_atfork registration for every libconc service (fork.h).
#include "fork.h"

#include <pthread.h>

#include <cstdio>
#include <iterator>
#include <mutex>

#include "conc/internal/test_hooks.h"

namespace conc::internal {
namespace {

// Rank order: the order in which the services' locks nest.
constinit const ForkHandlers* const kServices[] = {
    &kLockGraphForkHandlers, &kWatchdogForkHandlers, &kWaiterPoolForkHandlers,
    &kTimersForkHandlers,    &kMisuseSinkForkHandlers,
};

void Prepare() {
  for (const ForkHandlers* service : kServices) service->prepare();
  test_hooks::Reach(test_hooks::Point::kForkPrepared);
}

void Parent() {
  for (auto it = std::rbegin(kServices); it != std::rend(kServices); ++it) (*it)->parent();
}

void Child() {
  for (auto it = std::rbegin(kServices); it != std::rend(kServices); ++it) (*it)->child();
}

// At load, while the program has one thread: a registration racing a fork
// would wait for it inside a service's creation, and the child would find
// that creation forever under way.
[[maybe_unused]] const bool installed_at_load = (InstallForkHandlers(), true);

}  // namespace

void InstallForkHandlers() noexcept {
  static std::once_flag once;
  std::call_once(once, [] {
    if (pthread_atfork(&Prepare, &Parent, &Child) != 0) {
      std::fputs("conc: pthread_atfork failed: fork() in this process is not safe for libconc\n",
                 stderr);
    }
  });
}

}  // namespace conc::internal
