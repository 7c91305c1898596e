// RUN: %check_conc_tidy %s conc-manual-lock %t
// A lock reached through a local pointer, unlocked on one path and left
// held on the other.
class Mutex {
public:
  void Lock();
  void Unlock();
};

Mutex *shared_mutex() noexcept;
int counter;

void bump(int limit) {
  Mutex *mu = shared_mutex();
  mu->Lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mu' is locked here and still held on a way out of the function; unlock it on every path
  if (counter > limit)
    return;
  ++counter;
  mu->Unlock();
}
