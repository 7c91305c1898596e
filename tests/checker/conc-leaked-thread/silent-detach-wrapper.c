// RUN: %check_conc_tidy %s conc-leaked-thread %t
// Found in libuv (uv_thread_detach): a thread library's detach function
// detaches the thread its caller hands in. Detaching is the caller's
// decision, not this function's: silent here. A thread the function made or
// found itself is still reported (pthread-detach.c).
#include <pthread.h>

typedef pthread_t my_thread_t;

int my_thread_detach(my_thread_t *tid) { return pthread_detach(*tid); }

int my_thread_detach_handle(pthread_t tid) { return pthread_detach(tid); }
