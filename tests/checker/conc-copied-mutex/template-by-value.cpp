// RUN: %check_conc_tidy %s conc-copied-mutex %t
// A function template that takes its argument by value: the copy is made
// at the call that instantiates it with a lock-holding type, reported there,
// and once however often the template is instantiated.
#include <pthread.h>

struct Meter {
  pthread_spinlock_t spin;
  double value;
};

template <typename T> double measure(T sample) { return sample.value; }
template <typename T> double measure_ref(const T &sample) { return sample.value; }

struct Plain {
  double value;
};

double both(Meter &m, Plain &p) {
  double total = measure(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: passing 'm' by value to 'measure' copies 'Meter', which holds the lock 'spin' ('pthread_spinlock_t')
  total += measure(p);
  total += measure_ref(m);
  return total;
}
