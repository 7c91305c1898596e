// RUN: %check_conc_tidy %s conc-copied-mutex %t -- \
// RUN:   -config="{CheckOptions: {conc-copied-mutex.LockTypes: 'pthread_mutex_t;os_unfair_lock;::rt::RawLock'}}"
// A project's own C-style lock types, given by option, are copied-lock
// candidates too; pthread_cond_t is left out of this list, so it is silent.
#include <pthread.h>

typedef struct { int opaque; } os_unfair_lock;

namespace rt {
struct RawLock {
  unsigned word;
};
} // namespace rt

struct Entry {
  os_unfair_lock lock;
  int value;
};

struct Node {
  rt::RawLock guard;
  Node *next;
};

void copy_all(Entry &e, Node &n, pthread_cond_t &cv) {
  Entry e2 = e;
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: initialization of 'e2' copies 'Entry', which holds the lock 'lock' ('os_unfair_lock')
  Node n2 = n;
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: initialization of 'n2' copies 'Node', which holds the lock 'guard' ('rt::RawLock')
  pthread_cond_t cv2 = cv;
  (void)e2; (void)n2; (void)cv2;
}
