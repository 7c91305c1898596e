/* C: a helper locks the mutex its caller passes; compact_index() holds
   index_mu and passes journal_mu, rebuild_index() the other way round. */
#pragma once
#include <pthread.h>

extern pthread_mutex_t index_mu;
extern pthread_mutex_t journal_mu;

void append_locked(pthread_mutex_t *guard);
void compact_index(void);
void rebuild_index(void);
