// RUN: %check_conc_tidy %s conc-manual-lock %t
// An unlock that a later lock on the same path does not explain: the lock
// is taken on another branch only, or before the unlock in a loop that the
// unlock's path never enters. Reported, in spite of the relock rule of
// silent-unlock-work-relock-then-release.c.
#include <pthread.h>
#include <stdbool.h>

struct queue {
  pthread_mutex_t lock;
  int items;
};

void drain(struct queue *q, bool fast) {
  if (fast) {
    pthread_mutex_unlock(&q->lock);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'q.lock' is unlocked here, but it is not held on this path [conc-manual-lock]
    // CHECK-NOTES: :[[@LINE+3]]:3: note: 'q.lock' is locked here, on other paths
    return;
  }
  pthread_mutex_lock(&q->lock);
  q->items = 0;
  pthread_mutex_unlock(&q->lock);
}

void take_all(struct queue *q, int rounds) {
  if (rounds == 0) {
    pthread_mutex_unlock(&q->lock);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'q.lock' is unlocked here, but it is not held on this path [conc-manual-lock]
    // CHECK-NOTES: :[[@LINE+4]]:5: note: 'q.lock' is locked here, on other paths
    return;
  }
  for (int i = 0; i < rounds; i++) {
    pthread_mutex_lock(&q->lock);
    q->items--;
    pthread_mutex_unlock(&q->lock);
  }
}
