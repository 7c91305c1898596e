// RUN: %check_conc_tidy %s conc-leaked-thread %t
// Found in curl (Curl_thread_destroy): the library's handle is a pointer to
// a pthread_t, and its destroy function takes a pointer to the caller's
// handle, detaches the thread (`**hnd`) and clears the handle. Detaching is
// the caller's decision: silent, as for `*tid` (silent-detach-wrapper.c).
#include <pthread.h>
#include <stdlib.h>

typedef pthread_t *my_thread_t;

void my_thread_destroy(my_thread_t *hnd) {
  if (*hnd != NULL) {
    pthread_detach(**hnd);
    free(*hnd);
    *hnd = NULL;
  }
}
