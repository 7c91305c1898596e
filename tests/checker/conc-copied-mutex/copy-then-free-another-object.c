// RUN: %check_conc_tidy %s conc-copied-mutex %t
// The copies of silent-copy-then-free-the-source.c where the original is
// freed on one branch only, after the block may be left, or where another
// object is freed: the copy and the original both live, each with the
// lock. Reported.
#include <pthread.h>
#include <stdlib.h>

struct conf {
  int retries;
  pthread_mutex_t lock;
};

struct client {
  struct conf conf;
};

struct conf *conf_new(void);
int check(const struct client *c);

void from_app(struct client *c, struct conf *conf, int owned) {
  c->conf = *conf;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: assignment copies 'struct conf', which holds the lock 'lock' ('pthread_mutex_t')
  if (owned)
    free(conf);
}

int checked(struct client *c, struct conf *conf) {
  c->conf = *conf;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: assignment copies 'struct conf', which holds the lock 'lock' ('pthread_mutex_t')
  if (check(c))
    return -1;
  free(conf);
  return 0;
}

void other(struct client *c, struct conf *conf, struct conf *spare) {
  c->conf = *conf;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: assignment copies 'struct conf', which holds the lock 'lock' ('pthread_mutex_t')
  free(spare);
}
