// RUN: %check_conc_tidy %s conc-manual-lock %t
// A local flag set right after the lock and cleared right after the unlock
// records whether the lock is held; the error paths jump to one exit that
// unlocks only when the flag says so (h2o's h2o_read_command). At `Exit`
// the flow joins "held, flag 1" (a goto) with "not held, flag 0" (the
// normal path); the flag's test keeps them apart: silent.
#include <pthread.h>

static pthread_mutex_t cloexec_mutex = PTHREAD_MUTEX_INITIALIZER;

int make_pipe(int *fds);
int spawn(int *fds);
void feed(int fd);

int read_command(int *fds) {
  int locked = 0, ret = -1;

  pthread_mutex_lock(&cloexec_mutex);
  locked = 1;
  if (make_pipe(fds) != 0)
    goto Exit;
  if (spawn(fds) != 0)
    goto Exit;
  pthread_mutex_unlock(&cloexec_mutex);
  locked = 0;

  feed(fds[1]);
  ret = 0;

Exit:
  if (locked)
    pthread_mutex_unlock(&cloexec_mutex);
  return ret;
}
