// RUN: %check_conc_tidy %s conc-manual-lock %t
// A lock reached through a local pointer, left held by a function that is
// not meant to acquire it.
class Mutex {
public:
  void Lock();
  void Unlock();
};

Mutex *shared_mutex() noexcept;
int counter;

void bump() {
  Mutex *mu = shared_mutex();
  mu->Lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mu' is locked here and still held on a way out of the function; unlock it on every path
  ++counter;
}
