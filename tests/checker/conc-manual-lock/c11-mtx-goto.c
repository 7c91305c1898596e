// RUN: %check_conc_tidy %s conc-manual-lock %t
// C11 mtx_t: the goto to the error label jumps past the unlock.
#include <threads.h>

static mtx_t mu;
static int pending;

int submit(int job) {
  if (mtx_lock(&mu) != thrd_success)
    return -1;
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: 'mu' is locked here and still held on a way out of the function; unlock it on every path [conc-manual-lock]
  if (job < 0)
    goto fail;
  ++pending;
  mtx_unlock(&mu);
  return 0;
fail:
  return -1;
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'mu' is still held when this return is taken
}
