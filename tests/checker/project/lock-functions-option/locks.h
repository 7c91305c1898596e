/* A C program with its own lock wrappers (bodies elsewhere, e.g. a
   portability layer), one lock per file. */
#pragma once
struct lock;
void lock_acquire(struct lock *l);
void lock_release(struct lock *l);
extern struct lock *table_lock;
extern struct lock *log_lock;
void log_append(void);
void table_compact(void);
