// RUN: %check_conc_tidy %s conc-cv-wait-predicate %t
// Found in h2o (hostinfo.c, the resolver threads): an endless worker loop
// that drains the queue in a loop of its own, then waits. After any
// wake-up, spurious or not, the drain loop tests the queue again before it
// takes anything: the same as `while (empty) wait;`. Silent.
#include <pthread.h>
#include <stddef.h>

struct node {
  struct node *next;
};
static struct {
  pthread_mutex_t mutex;
  pthread_cond_t cond;
  struct node *pending;
  int idle;
} queue = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 0};

static int queue_is_empty(struct node **head) { return *head == NULL; }
void handle(struct node *);

void *lookup_thread_main(void *unused) {
  (void)unused;
  pthread_mutex_lock(&queue.mutex);
  while (1) {
    --queue.idle;
    while (!queue_is_empty(&queue.pending)) {
      struct node *req = queue.pending;
      queue.pending = req->next;
      pthread_mutex_unlock(&queue.mutex);
      handle(req);
      pthread_mutex_lock(&queue.mutex);
    }
    ++queue.idle;
    pthread_cond_wait(&queue.cond, &queue.mutex);
  }
  return NULL;
}
