/* The C API from an installed package; exit 0 when a leaked thread is found. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include <conc/probe/probe_c.h>

static void* Sleep(void* arg) {
  (void)arg;
  sleep(30);
  return NULL;
}

int main(void) {
  conc_probe_snapshot_t* before = conc_probe_snapshot();
  pthread_t thread;
  pthread_create(&thread, NULL, Sleep, NULL);
  /* Detached: the probe's stack signal ends sleep() early (EINTR), and a
     finished, unjoined thread would be a ThreadSanitizer report. */
  pthread_detach(thread);
  conc_probe_options options;
  conc_probe_options_init(&options);
  options.max_wait_ms = 50;
  int leaked = conc_probe_verify(before, &options);
  conc_probe_snapshot_free(before);
  printf("consumer (C): %d leaked\n", leaked);
  return leaked == 1 ? 0 : 1;
}
