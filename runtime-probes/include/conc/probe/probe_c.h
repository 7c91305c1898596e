/* conc/probe/probe_c.h: the thread-leak probe for C and for test frameworks
 * other than GoogleTest (Catch2, doctest, Unity, plain C).
 *
 *   conc_probe_snapshot_t* before = conc_probe_snapshot();
 *   run_the_code_under_test();
 *   if (conc_probe_verify(before, NULL) != 0) fail();   // report on stderr
 *   conc_probe_snapshot_free(before);
 *
 * The semantics are those of conc/probe/probe.h: a thread alive at the check
 * and not in the baseline is a leak, after waiting (with backoff) up to
 * max_wait_ms for threads on their way out. Pass a NULL snapshot to compare
 * with the threads alive when the probe was loaded. All functions are
 * thread-safe; none may be called from a signal handler.
 */
#ifndef CONC_PROBE_PROBE_C_H_
#define CONC_PROBE_PROBE_C_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define CONC_PROBE_API __attribute__((visibility("default")))
#else
#define CONC_PROBE_API
#endif

/* The threads alive at one moment. */
typedef struct conc_probe_snapshot_t conc_probe_snapshot_t;

/* Options. Initialize with conc_probe_options_init, then set fields: the
 * struct may grow, and `size` tells the library which fields you know. */
typedef struct conc_probe_options {
  size_t size;                           /* sizeof(conc_probe_options) */
  long max_wait_ms;                      /* -1: default (1000, or CONC_PROBE_MAX_WAIT_MS) */
  int current_stacks;                    /* -1: default (on), 0: off, 1: on */
  const char* const* ignore_thread_names; /* NULL-terminated globs, or NULL */
  const char* const* ignore_created_by;   /* functions in the creation stack */
  const char* const* ignore_top_function; /* innermost non-runtime frame now */
} conc_probe_options;

CONC_PROBE_API void conc_probe_options_init(conc_probe_options* options);

/* The threads alive now; NULL when out of memory. */
CONC_PROBE_API conc_probe_snapshot_t* conc_probe_snapshot(void);
CONC_PROBE_API void conc_probe_snapshot_free(conc_probe_snapshot_t* snapshot);

/* Counts leaked threads against `baseline` (NULL: the load-time baseline),
 * writes the report to stderr when there are any, and returns their number:
 * 0 when none leaked, -1 on a bad argument. */
CONC_PROBE_API int conc_probe_verify(const conc_probe_snapshot_t* baseline,
                                     const conc_probe_options* options);

/* Like conc_probe_verify, but returns the report text in *report (malloc'd,
 * free with conc_probe_free; "" when none leaked) instead of printing it. */
CONC_PROBE_API int conc_probe_find(const conc_probe_snapshot_t* baseline,
                                   const conc_probe_options* options, char** report);

CONC_PROBE_API void conc_probe_free(void* memory);

#ifdef __cplusplus
}
#endif

#endif /* CONC_PROBE_PROBE_C_H_ */
