/* The lock API of the scorer's miniature Juliet suite: the same names and
   signatures as Juliet 1.3's testcasesupport/std_thread.h, an implementation
   of our own (std_thread.c). */
#ifndef STD_THREAD_H
#define STD_THREAD_H

typedef struct stdThreadLockState *stdThreadLock;

#ifdef __cplusplus
extern "C" {
#endif

int stdThreadLockCreate(stdThreadLock *lock);   /* nonzero on success */
void stdThreadLockAcquire(stdThreadLock lock);
void stdThreadLockRelease(stdThreadLock lock);
void stdThreadLockDestroy(stdThreadLock lock);

#ifdef __cplusplus
}
#endif

#endif
