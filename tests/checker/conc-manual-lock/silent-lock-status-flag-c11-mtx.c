// RUN: %check_conc_tidy %s conc-manual-lock %t
// C11 mtx_t: the same flag, with mtx_lock/mtx_unlock and an error label
// that the loop leaves for with the lock held or given back.
#include <threads.h>

static mtx_t registry_lock;
static int entries[64];
int validate(int id);
int notify(int id);

int register_all(const int *ids, int n) {
  int locked = 0, rc = 0;
  for (int i = 0; i < n; i++) {
    mtx_lock(&registry_lock);
    locked = 1;
    if (validate(ids[i]) != 0) {
      rc = -1;
      goto fail;
    }
    entries[ids[i] % 64] = 1;
    mtx_unlock(&registry_lock);
    locked = 0;
    if (notify(ids[i]) != 0) {
      rc = -2;
      goto fail;
    }
  }
  return 0;
fail:
  if (locked)
    mtx_unlock(&registry_lock);
  return rc;
}
