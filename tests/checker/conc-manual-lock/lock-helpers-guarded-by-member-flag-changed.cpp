// RUN: %check_conc_tidy %s conc-manual-lock %t
// C++: helpers that lock a pool when it is threaded, and callers that change
// whether it is threaded between locking and unlocking (themselves, or
// through a function of this file); a helper whose flag the caller changes
// in between. Reported.
#include <mutex>

struct Pool {
  bool threaded = false;
  std::mutex mu;
  int free = 0;
  void single() { threaded = false; }
};

static void enter(Pool &p) {
  if (p.threaded)
    p.mu.lock();
}
static void leave(Pool &p) {
  if (p.threaded)
    p.mu.unlock();
}

int take(Pool &p) {
  enter(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'p.mu' is locked by 'enter', called here, and still held on a way out of the function; unlock it on every path, or use a guard [conc-manual-lock]
  int n = p.free > 0 ? p.free-- : 0;
  p.threaded = n > 0;
  leave(p);
  return n;
}

int drain(Pool *p) {
  enter(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'p.mu' is locked by 'enter', called here, and still held on a way out of the function; unlock it on every path, or use a guard [conc-manual-lock]
  int n = p->free;
  p->single();
  leave(*p);
  return n;
}

static void maybe_lock(std::mutex &m, bool need) {
  if (need)
    m.lock();
}
static void maybe_unlock(std::mutex &m, bool need) {
  if (need)
    m.unlock();
}

std::mutex table_mu;
int table_size;

int grow(int by, bool concurrent) {
  maybe_lock(table_mu, concurrent);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'table_mu' is locked by 'maybe_lock', called here, and still held on a way out of the function; unlock it on every path, or use a guard [conc-manual-lock]
  table_size += by;
  concurrent = table_size > 100;
  maybe_unlock(table_mu, concurrent);
  return table_size;
}
