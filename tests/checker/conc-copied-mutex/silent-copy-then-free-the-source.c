// RUN: %check_conc_tidy %s conc-copied-mutex %t
// Found in librdkafka (rdkafka_telemetry_decode.c): a configuration struct
// is copied whole into a new object and the original is freed right after,
// before anything can leave the block. The copy moves the lock: nobody can
// use the original's any more. Freed with free(), through a wrapper of the
// file, and through a wrapper one call deeper. Silent.
#include <pthread.h>
#include <stdlib.h>

struct conf {
  int retries;
  pthread_mutex_t lock;
};

struct client {
  struct conf conf;
  int state;
};

struct conf *conf_new(void);

static inline void my_free(void *p) { free(p); }
static void conf_destroy(struct conf *c) { my_free(c); }

struct client *client_new(void) {
  struct client *c = calloc(1, sizeof(*c));
  struct conf *conf = conf_new();
  c->conf = *conf;
  free(conf);
  return c;
}

struct client *client_new_wrapped(void) {
  struct client *c = calloc(1, sizeof(*c));
  struct conf *conf = conf_new();
  c->conf = *conf;
  c->state = 1;
  my_free(conf);
  return c;
}

void client_take(struct client *c, struct conf *conf) {
  struct conf taken = *conf;
  conf_destroy(conf);
  c->state = taken.retries;
}
