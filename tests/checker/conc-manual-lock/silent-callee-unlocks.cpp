// RUN: %check_conc_tidy %s conc-manual-lock %t
// A member function that locks and calls a method (or a template helper)
// that releases the lock for it: silent.
#include <mutex>

class Journal {
public:
  void append(int entry) {
    mu_.lock();
    last_ = entry;
    finish();
  }
  void finish() { mu_.unlock(); }

private:
  std::mutex mu_;
  int last_ = 0;
};

template <typename M> void release(M &m) { m.unlock(); }

int counter;

void bump(std::mutex &m) {
  m.lock();
  ++counter;
  release(m);
}
