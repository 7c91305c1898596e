// RUN: %check_conc_tidy %s conc-manual-lock %t
// Functions whose names merely contain "lock" inside another word (a
// block, a clock, a blocking pop) are no lock acquirers: their early
// returns leak the lock like any other function's.
#include <pthread.h>

struct disk {
  pthread_mutex_t mu;
  int blocks[64];
};

int ReadBlock(struct disk *d, int n) {
  pthread_mutex_lock(&d->mu);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'd.mu' is locked here and still held on a way out of the function; unlock it on every path [conc-manual-lock]
  if (n < 0 || n >= 64)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'd.mu' is still held when this return is taken
  int value = d->blocks[n];
  pthread_mutex_unlock(&d->mu);
  return value;
}

static pthread_mutex_t clock_mu = PTHREAD_MUTEX_INITIALIZER;
static long ticks;

#define CLOCK_ENTER() pthread_mutex_lock(&clock_mu)
#define CLOCK_LEAVE() pthread_mutex_unlock(&clock_mu)

void update_clock(long delta) {
  CLOCK_ENTER();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'clock_mu' is locked here and still held on a way out of the function; unlock it on every path [conc-manual-lock]
  if (delta == 0)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'clock_mu' is still held when this return is taken
  ticks += delta;
  CLOCK_LEAVE();
}
