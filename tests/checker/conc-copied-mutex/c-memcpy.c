// RUN: %check_conc_tidy %s conc-copied-mutex %t
// memcpy and memmove of a struct that holds a lock copy it bit by bit.
#include <pthread.h>
#include <string.h>

struct queue {
  pthread_mutex_t lock;
  int items[16];
  int count;
};

void clone(struct queue *dst, const struct queue *src) {
  memcpy(dst, src, sizeof *dst);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: memcpy copies 'struct queue', which holds the lock 'lock' ('pthread_mutex_t')
  // CHECK-NOTES: :[[@LINE-8]]:19: note: the lock 'lock' is declared here
}

void shift(struct queue *q) {
  memmove(q, q + 1, sizeof *q);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: memmove copies 'struct queue', which holds the lock 'lock'
  // CHECK-NOTES: :[[@LINE-14]]:19: note: the lock 'lock' is declared here
}

void items_only(struct queue *dst, const struct queue *src) {
  // Copying the items, not the struct: no lock is copied.
  memcpy(dst->items, src->items, sizeof dst->items);
}
