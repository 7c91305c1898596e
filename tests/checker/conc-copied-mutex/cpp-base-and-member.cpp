// RUN: %check_conc_tidy %s conc-copied-mutex %t
// C++ classes whose implicit copy copies a pthread mutex held in a base or
// in a member object.
#include <pthread.h>

struct Locked {
  pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
};

struct Counter : Locked {
  long hits = 0;
};

struct Cache {
  Counter stats;
  int entries[8] = {};
};

void report(Counter c);
// CHECK-NOTES: :[[@LINE-1]]:21: warning: parameter 'c' passed by value copies 'Counter', which holds the lock 'Locked::mu' ('pthread_mutex_t')
// CHECK-NOTES: :[[@LINE-14]]:19: note: the lock 'mu' is declared here

Cache snapshot(const Cache &cache) {
  Cache copy = cache;
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: initialization of 'copy' copies 'Cache', which holds the lock 'stats.Locked::mu' ('pthread_mutex_t')
  // CHECK-NOTES: :[[@LINE-19]]:19: note: the lock 'mu' is declared here
  return copy;
}

void reset(Cache &target, const Cache &source) {
  target = source;
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: assignment copies 'Cache', which holds the lock 'stats.Locked::mu'
  // CHECK-NOTES: :[[@LINE-26]]:19: note: the lock 'mu' is declared here
}
