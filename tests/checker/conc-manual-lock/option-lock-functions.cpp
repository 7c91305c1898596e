// RUN: %check_conc_tidy %s conc-manual-lock %t -- \
// RUN:   -config="{CheckOptions: {conc-manual-lock.LockFunctions: 'LockAcquire;::port::Mutex::Enter', conc-manual-lock.UnlockFunctions: 'LockRelease;::port::Mutex::Leave'}}"
// A test suite's LockAcquire/LockRelease wrappers and a project's mutex
// whose methods have other names, given by option.
namespace port {
class Mutex {
public:
  void Enter();
  void Leave();
};
} // namespace port

struct Lock;
void LockAcquire(Lock *l);
void LockRelease(Lock *l);

int shared;

int read_shared(Lock *l, bool fast) {
  LockAcquire(l);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'l' is locked here and still held on a way out of the function; unlock it on every path, or use a guard [conc-manual-lock]
  if (fast)
    return shared;
  int v = shared;
  LockRelease(l);
  return v;
}

void twice(port::Mutex &mu) {
  mu.Enter();
  mu.Leave();
  mu.Leave();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mu' is unlocked twice on this path [conc-manual-lock]
}
