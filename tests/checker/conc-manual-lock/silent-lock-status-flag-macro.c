// RUN: %check_conc_tidy %s conc-manual-lock %t
// Macros that lock and set the flag, and unlock and clear it, as a code
// base writes them once for every function of a file; the cleanup label
// unlocks when the flag says the lock is held.
#include <pthread.h>

static pthread_mutex_t db_mutex = PTHREAD_MUTEX_INITIALIZER;

#define DB_ENTER()                                                             \
  do {                                                                         \
    pthread_mutex_lock(&db_mutex);                                             \
    db_locked = 1;                                                             \
  } while (0)
#define DB_LEAVE()                                                             \
  do {                                                                         \
    pthread_mutex_unlock(&db_mutex);                                           \
    db_locked = 0;                                                             \
  } while (0)

int db_write(const char *key, const char *value);
int db_sync(void);
void log_error(const char *what);

int db_put(const char *key, const char *value) {
  int db_locked = 0;
  int rc;
  DB_ENTER();
  rc = db_write(key, value);
  if (rc != 0)
    goto cleanup;
  DB_LEAVE();
  rc = db_sync();
  if (rc != 0) {
    log_error("sync");
    goto cleanup;
  }
  DB_ENTER();
  rc = db_write("last", key);
cleanup:
  if (db_locked)
    DB_LEAVE();
  return rc;
}
