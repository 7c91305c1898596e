// RUN: %check_conc_tidy %s conc-copied-mutex %t
// Pointers to lock-holding structs, member access, arrays indexed in place,
// and reading the other members: nothing copies a lock.
#include <pthread.h>
#include <stddef.h>

struct account {
  int balance;
  pthread_mutex_t mu;
};

struct account accounts[4];

static void deposit(struct account *a, int amount) {
  pthread_mutex_lock(&a->mu);
  a->balance += amount;
  pthread_mutex_unlock(&a->mu);
}

int total(void) {
  int sum = 0;
  for (size_t i = 0; i < 4; ++i) {
    struct account *a = &accounts[i];
    pthread_mutex_lock(&a->mu);
    sum += a->balance;
    pthread_mutex_unlock(&a->mu);
  }
  return sum;
}

struct account *find(int id) { return &accounts[id]; }

void pay(int from, int amount) {
  struct account *a = find(from);
  int before = a->balance;
  pthread_mutex_t *lock = &a->mu;
  (void)before;
  (void)lock;
  deposit(a, amount);
}
