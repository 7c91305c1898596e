/* C: a helper locks the mutex its caller passes. Both callers hold
   index_mu and pass journal_mu: one order everywhere, nothing to report. */
#pragma once
#include <pthread.h>

extern pthread_mutex_t index_mu;
extern pthread_mutex_t journal_mu;

void append_locked(pthread_mutex_t *guard);
void compact_index(void);
void rebuild_index(void);
