// RUN: %check_conc_tidy %s conc-leaked-thread %t
// A thread reached through a member of what a pointer to a pointer
// designates belongs to that object, and this function decides to detach
// it: reported, like a member reached through a reference
// (detach-through-parameter.cpp).
#include <pthread.h>

struct pool {
  pthread_t tid;
};

void pool_forget(struct pool **pp) {
  pthread_detach((*pp)->tid);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread 'tid' is detached: nothing owns it
}
