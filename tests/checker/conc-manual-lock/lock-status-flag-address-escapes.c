// RUN: %check_conc_tidy %s conc-manual-lock %t
// A flag whose address is handed to a function is no record of the lock:
// the callee can change it without touching the lock. Here append() clears
// the caller's flag when the batch is full, so that the caller's cleanup
// skips the unlock, but never unlocks: the lock stays held on that path.
#include <pthread.h>

#define CAPACITY 64

struct batch {
  pthread_mutex_t lock;
  int items[CAPACITY];
  int n;
};

static int append(struct batch *b, int value, int *holding) {
  if (b->n == CAPACITY) {
    *holding = 0;
    return -1;
  }
  b->items[b->n++] = value;
  return 0;
}

int add(struct batch *b, int value) {
  int holding = 0;
  pthread_mutex_lock(&b->lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'b.lock' is locked here and still held on a way out of the function; unlock it on every path [conc-manual-lock]
  holding = 1;
  int rc = append(b, value, &holding);
  if (holding)
    pthread_mutex_unlock(&b->lock);
  return rc;
}
