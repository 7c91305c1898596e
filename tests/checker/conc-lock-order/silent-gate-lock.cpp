// RUN: %check_conc_tidy %s conc-lock-order %t
// Opposite orders that are both taken while holding one common outer lock
// (a gate): only one thread at a time is inside either order, so they
// cannot deadlock. Directly, through a helper one call deeper, and in C
// style with pthread mutexes.
#include <mutex>
#include <pthread.h>

std::mutex gate, accounts_mu, audit_mu;
int balance, audited;

void deposit(int n) {
  std::lock_guard<std::mutex> g(gate);
  std::lock_guard<std::mutex> accounts(accounts_mu);
  std::lock_guard<std::mutex> audit(audit_mu);
  balance += n;
}

static void audit_locked() {
  std::lock_guard<std::mutex> accounts(accounts_mu);
  audited = balance;
}

void audit() {
  std::lock_guard<std::mutex> g(gate);
  std::lock_guard<std::mutex> audit(audit_mu);
  audit_locked();
}

pthread_mutex_t big = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;

void ab(void) {
  pthread_mutex_lock(&big);
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&big);
}

void ba(void) {
  pthread_mutex_lock(&big);
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&big);
}
