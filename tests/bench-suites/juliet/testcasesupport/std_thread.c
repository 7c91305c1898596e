/* The wrappers lock and unlock on behalf of their caller: Acquire returns
   holding the mutex, Release releases the caller's. */
#include <pthread.h>
#include <stdlib.h>

#include "std_thread.h"

struct stdThreadLockState
{
    pthread_mutex_t mutex;
};

int stdThreadLockCreate(stdThreadLock *lock)
{
    stdThreadLock created = malloc(sizeof *created);
    if (created == NULL || pthread_mutex_init(&created->mutex, NULL) != 0)
    {
        free(created);
        return 0;
    }
    *lock = created;
    return 1;
}

void stdThreadLockAcquire(stdThreadLock lock)
{
    pthread_mutex_lock(&lock->mutex);
}

void stdThreadLockRelease(stdThreadLock lock)
{
    pthread_mutex_unlock(&lock->mutex);
}

void stdThreadLockDestroy(stdThreadLock lock)
{
    pthread_mutex_destroy(&lock->mutex);
    free(lock);
}
