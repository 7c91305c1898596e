// RUN: %check_conc_tidy %s conc-manual-lock %t
// C++: a class that locks only when it was built to be shared, tested
// through a const member; the methods that use its lock()/unlock(), a
// lambda that calls them, a template over the lock type, free helpers that
// take the object by reference (called on a local and through a pointer),
// and a helper that takes the flag as a parameter its caller never
// changes. Silent.
#include <mutex>

class Counter {
public:
  explicit Counter(bool shared) : shared_(shared) {}

  int Next() {
    Lock();
    int value = ++count_;
    if (value < 0) {
      Unlock();
      return 0;
    }
    Unlock();
    return value;
  }

  void Reset() {
    auto reset = [this] {
      Lock();
      count_ = 0;
      Unlock();
    };
    reset();
  }

private:
  void Lock() {
    if (shared_)
      mu_.lock();
  }
  void Unlock() {
    if (shared_)
      mu_.unlock();
  }

  const bool shared_;
  std::mutex mu_;
  int count_ = 0;
};

template <class Mutex> struct Pool {
  bool threaded = false;
  Mutex mu;
  int free = 0;

  void enter() {
    if (threaded)
      mu.lock();
  }
  void leave() {
    if (threaded)
      mu.unlock();
  }
  int take() {
    enter();
    int n = free > 0 ? free-- : 0;
    leave();
    return n;
  }
};

template struct Pool<std::mutex>;

struct Queue {
  bool threaded = false;
  std::mutex mu;
  int size = 0;
};
static void enter(Queue &q) {
  if (q.threaded)
    q.mu.lock();
}
static void leave(Queue &q) {
  if (q.threaded)
    q.mu.unlock();
}
int pop(Queue *q) {
  enter(*q);
  if (q->size == 0) {
    leave(*q);
    return -1;
  }
  int n = --q->size;
  leave(*q);
  return n;
}
int fill() {
  Queue local{true};
  enter(local);
  local.size = 3;
  leave(local);
  return pop(&local);
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
  table_size += by;
  int size = table_size;
  maybe_unlock(table_mu, concurrent);
  return size;
}

// The caller tests the opposite: the helpers are handed `!quiet`.
int shrink(int by, bool quiet) {
  maybe_lock(table_mu, !quiet);
  table_size -= by;
  int size = table_size;
  maybe_unlock(table_mu, !quiet);
  if (quiet)
    return 0;
  return size;
}

// The caller's own test of the flag it handed on negated: returning where
// quiet is true, maybe_lock(.., !quiet) did not lock.
int count(bool quiet) {
  maybe_lock(table_mu, !quiet);
  if (quiet)
    return 0;
  ++table_size;
  maybe_unlock(table_mu, !quiet);
  return table_size;
}
