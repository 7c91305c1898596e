/* The C API from C: a leaked thread is counted and described, a released
 * one is not. Exits 0 when every expectation holds. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conc/probe/probe_c.h"

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int released = 0;

static void* WaitForRelease(void* arg) {
  (void)arg;
  pthread_mutex_lock(&mu);
  while (!released) pthread_cond_wait(&cv, &mu);
  pthread_mutex_unlock(&mu);
  return NULL;
}

__attribute__((noinline)) static pthread_t StartCWorker(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, WaitForRelease, NULL);
  pthread_setname_np(thread, "c-worker");
  return thread;
}

static int failures = 0;
#define EXPECT(cond)                                                   \
  do {                                                                 \
    if (!(cond)) {                                                     \
      fprintf(stderr, "%s:%d: expectation failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                      \
    }                                                                  \
  } while (0)

int main(void) {
  conc_probe_options options;
  conc_probe_options_init(&options);
  options.max_wait_ms = 100;
  const char* ignore_none[] = {"no-such-thread", NULL};
  options.ignore_thread_names = ignore_none;

  conc_probe_snapshot_t* before = conc_probe_snapshot();
  EXPECT(before != NULL);
  pthread_t thread = StartCWorker();

  char* report = NULL;
  int leaked = conc_probe_find(before, &options, &report);
  EXPECT(leaked == 1);
  EXPECT(report != NULL && strstr(report, "\"c-worker\"") != NULL);
  EXPECT(report != NULL && strstr(report, "created by StartCWorker") != NULL);
  EXPECT(report != NULL && strstr(report, "c_api_test.c:") != NULL);
  EXPECT(report != NULL && strstr(report, "WaitForRelease") != NULL);
  if (failures) fprintf(stderr, "report was:\n%s\n", report ? report : "(null)");
  conc_probe_free(report);

  const char* ignore_worker[] = {"c-*", NULL};
  options.ignore_thread_names = ignore_worker;
  EXPECT(conc_probe_verify(before, &options) == 0);

  pthread_mutex_lock(&mu);
  released = 1;
  pthread_cond_broadcast(&cv);
  pthread_mutex_unlock(&mu);
  pthread_join(thread, NULL);
  EXPECT(conc_probe_verify(before, NULL) == 0);
  EXPECT(conc_probe_verify(NULL, NULL) == 0);
  conc_probe_snapshot_free(before);
  if (failures == 0) printf("c_api_test: all expectations hold\n");
  return failures == 0 ? 0 : 1;
}
