// RUN: %check_conc_tidy %s conc-manual-lock %t
// A lock taken on one branch and taken again after the branches join:
// on the path through the branch, a default mutex deadlocks on itself.
// Directly, through a macro in a loop (the lock of the first turn is still
// held after the loop), and through a helper that locks.
#include <pthread.h>

static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static int lines;

void log_line(int urgent) {
  if (urgent)
    pthread_mutex_lock(&log_mu);
  ++lines;
  pthread_mutex_lock(&log_mu);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'log_mu' is locked while it is already held on some paths here: a non-recursive lock deadlocks on itself [conc-manual-lock]
  // CHECK-NOTES: :[[@LINE-4]]:5: note: 'log_mu' was locked here
  ++lines;
  pthread_mutex_unlock(&log_mu);
}

#define LOG_LOCK() pthread_mutex_lock(&log_mu)
#define LOG_UNLOCK() pthread_mutex_unlock(&log_mu)

void log_twice(int n) {
  for (int i = 0; i < n; ++i) {
    if (i == 0)
      LOG_LOCK();
    ++lines;
  }
  LOG_LOCK();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'log_mu' is locked while it is already held on some paths here: a non-recursive lock deadlocks on itself [conc-manual-lock]
  // CHECK-NOTES: :[[@LINE-5]]:7: note: 'log_mu' was locked here
  LOG_UNLOCK();
}

static void enter_log(void) { pthread_mutex_lock(&log_mu); }
static void leave_log(void) { pthread_mutex_unlock(&log_mu); }

void log_batch(int first) {
  if (first)
    enter_log();
  enter_log();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'log_mu' is locked again in 'enter_log', called here while it is held on some paths: a non-recursive lock deadlocks on itself [conc-manual-lock]
  // CHECK-NOTES: :[[@LINE-3]]:5: note: 'log_mu' was locked here
  // CHECK-NOTES: :[[@LINE-9]]:31: note: 'enter_log' locks it here
  ++lines;
  leave_log();
}
