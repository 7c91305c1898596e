// RUN: %check_conc_tidy %s conc-copied-mutex %t
// C11 <threads.h>: mtx_t and cnd_t must not be copied either.
#include <threads.h>

struct channel {
  mtx_t mu;
  cnd_t ready;
  int value;
};

int peek(struct channel ch) {
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: parameter 'ch' passed by value copies 'struct channel', which holds the lock 'mu' ('mtx_t')
  mtx_lock(&ch.mu);
  int v = ch.value;
  mtx_unlock(&ch.mu);
  return v;
}

void wait_copy(struct channel *ch) {
  cnd_t ready = ch->ready;
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: initialization of 'ready' copies a 'cnd_t'
  (void)ready;
}
