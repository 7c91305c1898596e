// A context cancelled by a static object's destructor, after libconc's timer
// service would have been destroyed (it is created later, so it would be
// destroyed first): the cancel must find the service intact. Before the fix
// the timer service was a function-local static, and this cancel erased an
// entry of its destroyed map (ASan: heap-use-after-free).
#include <cstdio>

#include "conc/context.h"

namespace {
struct CancelAtExit {
  conc::CancelFunc cancel;
  ~CancelAtExit() {
    cancel();
    std::puts("cancelled at exit");
  }
};
CancelAtExit cancel_at_exit;  // constructed before the timer service
}  // namespace

int main() {
  auto [ctx, cancel] = conc::with_timeout(conc::Context::background(), std::chrono::hours(1));
  cancel_at_exit.cancel = cancel;  // the deadline stays armed until exit
  return ctx.err() ? 1 : 0;
}
