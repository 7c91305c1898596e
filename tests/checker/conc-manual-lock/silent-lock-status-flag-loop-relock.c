// RUN: %check_conc_tidy %s conc-manual-lock %t
// librdkafka's rd_kafka_q_pop_serve0: the queue lock is given back while
// an op is served and taken again for the next one; a flag declared in the
// loop (given its value again at each turn, where the lock is held) says
// whether it is held further down. `if (!is_locked) lock` relocks only
// when the lock was given back, and the yield path unlocks only when it is
// held: no double lock, no double unlock, no lock held on a way out.
#include <pthread.h>
#include <stdbool.h>

struct queue {
  pthread_mutex_t lock;
  pthread_cond_t cond;
  int len;
  bool yield;
};

enum serve_result { SERVE_NEXT, SERVE_WAIT, SERVE_STOP };
enum serve_result serve(struct queue *q);

int pop_serve(struct queue *q) {
  int served = 0;
  pthread_mutex_lock(&q->lock);
  while (1) {
    bool is_locked = true;
  retry:
    if (q->len > 0) {
      q->len--;
      pthread_mutex_unlock(&q->lock);
      is_locked = false;
      enum serve_result res = serve(q);
      served++;
      if (res == SERVE_STOP)
        return served;
      if (res == SERVE_NEXT) {
        pthread_mutex_lock(&q->lock);
        is_locked = true;
        goto retry;
      }
    }
    if (q->yield) {
      if (is_locked)
        pthread_mutex_unlock(&q->lock);
      return served;
    }
    if (!is_locked)
      pthread_mutex_lock(&q->lock);
    if (pthread_cond_wait(&q->cond, &q->lock) != 0) {
      pthread_mutex_unlock(&q->lock);
      return -1;
    }
  }
}
