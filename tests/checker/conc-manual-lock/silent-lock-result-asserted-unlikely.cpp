// RUN: %check_conc_tidy %s conc-manual-lock %t
// A lock class that asserts the lock call's result through unlikely()
// (libzmq's mutex_t::lock with posix_assert): the only call that may throw
// runs on the branch where the lock call failed, which holds nothing.
// Silent with the macro inside a do-while, a __builtin_expect around a
// comparison, and a try_lock that returns on EBUSY first.
#include <cerrno>
#include <pthread.h>

#define unlikely(x) __builtin_expect(!!(x), 0)
void fatal(const char *what); // defined in another file: may throw here
#define posix_assert(x)                                                        \
  do {                                                                         \
    if (unlikely(x))                                                           \
      fatal("pthread");                                                        \
  } while (false)

class Mutex {
public:
  void lock() {
    int rc = pthread_mutex_lock(&m_);
    posix_assert(rc);
  }
  bool try_lock() {
    int rc = pthread_mutex_trylock(&m_);
    if (rc == EBUSY)
      return false;
    posix_assert(rc);
    return true;
  }
  void lock_checked() {
    int rc = pthread_mutex_lock(&m_);
    if (__builtin_expect(rc != 0, 0))
      fatal("pthread_mutex_lock");
  }
  void unlock() { pthread_mutex_unlock(&m_); }

private:
  pthread_mutex_t m_ = PTHREAD_MUTEX_INITIALIZER;
};
