// RUN: %check_conc_tidy %s conc-leaked-thread %t
// C: pthread_detach and the detached attribute give the thread away.
#include <pthread.h>
#include <stddef.h>

void *run(void *arg);

void detach_after_create(void) {
  pthread_t tid;
  if (pthread_create(&tid, NULL, run, NULL) == 0)
    pthread_detach(tid);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread 'tid' is detached: nothing owns it, nothing can wait for it to finish or tell it to stop; join it instead [conc-leaked-thread]
}

void detached_attribute(void) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: threads created with this attribute are detached: nothing owns them, nothing can wait for them to finish; create them joinable and join them [conc-leaked-thread]
  pthread_t tid;
  pthread_create(&tid, &attr, run, NULL);
  pthread_attr_destroy(&attr);
}

void joinable_attribute(void) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_JOINABLE);
  pthread_t tid;
  pthread_create(&tid, &attr, run, NULL);
  pthread_join(tid, NULL);
  pthread_attr_destroy(&attr);
}
