/* A C job queue and its statistics, each file with its own mutex. */
#pragma once
#include <pthread.h>
extern pthread_mutex_t queue_lock;
extern pthread_mutex_t stats_lock;
void stats_count_job(void);
void queue_drain(void);
void stats_reset(void);
