// RUN: %check_conc_tidy %s conc-copied-mutex %t
// Found in librdkafka (rdkafka.c, rd_kafka_new): a configuration struct is
// copied whole into a new object, whose lock is then initialised anew
// before anything can leave the block. The copy moved the other members;
// the lock is a new one, nobody else's. The same with two locks, a
// nested struct, an initialisation tested for failure, a C11 mutex, and a
// macro that initialises. Silent.
#include <pthread.h>
#include <stdlib.h>
#include <threads.h>

struct sasl {
  const char *mechanism;
  mtx_t lock;
};

struct conf {
  int retries;
  struct sasl sasl;
};

struct client {
  struct conf conf;
  pthread_mutex_t state_lock;
  pthread_cond_t state_cond;
  int state;
};

void on_new(struct client *c);

#define INIT_CLIENT_LOCK(c) pthread_mutex_init(&(c)->state_lock, NULL)

struct client *client_new(const struct conf *conf) {
  struct client *c = calloc(1, sizeof(*c));
  c->conf = *conf;
  on_new(c);
  mtx_init(&c->conf.sasl.lock, mtx_plain);
  return c;
}

struct client *client_clone(const struct client *from) {
  struct client *c = calloc(1, sizeof(*c));
  *c = *from;
  if (pthread_mutex_init(&c->state_lock, NULL) != 0)
    abort();
  pthread_cond_init(&c->state_cond, NULL);
  if (mtx_init(&c->conf.sasl.lock, mtx_plain) != thrd_success)
    abort();
  c->state = 0;
  return c;
}

void client_reset(struct client *c, const struct client *defaults) {
  struct client fresh = *defaults;
  INIT_CLIENT_LOCK(&fresh);
  pthread_cond_init(&fresh.state_cond, NULL);
  mtx_init(&fresh.conf.sasl.lock, mtx_plain);
  c->state = fresh.state;
}
