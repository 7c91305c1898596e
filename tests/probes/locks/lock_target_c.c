/* The two-lock inversion in C, through C11 mtx_t and thrd_t, and a spin
 * lock pair in the same inverted order. The threads run one after another. */
#include <pthread.h>
#include <stdio.h>
#include <threads.h>

static mtx_t queue_lock, stats_lock;
static pthread_spinlock_t ring_lock, slot_lock;

__attribute__((noinline)) static int EnqueueAndCount(void* unused) {
  (void)unused;
  mtx_lock(&queue_lock);
  mtx_lock(&stats_lock);
  mtx_unlock(&stats_lock);
  mtx_unlock(&queue_lock);
  pthread_spin_lock(&ring_lock);
  pthread_spin_lock(&slot_lock);
  pthread_spin_unlock(&slot_lock);
  pthread_spin_unlock(&ring_lock);
  return 0;
}

__attribute__((noinline)) static int ResetStatsAndQueue(void* unused) {
  (void)unused;
  mtx_lock(&stats_lock);
  mtx_lock(&queue_lock);
  mtx_unlock(&queue_lock);
  mtx_unlock(&stats_lock);
  pthread_spin_lock(&slot_lock);
  pthread_spin_lock(&ring_lock);
  pthread_spin_unlock(&ring_lock);
  pthread_spin_unlock(&slot_lock);
  return 0;
}

void CAbba(void) {
  mtx_init(&queue_lock, mtx_plain);
  mtx_init(&stats_lock, mtx_plain);
  pthread_spin_init(&ring_lock, PTHREAD_PROCESS_PRIVATE);
  pthread_spin_init(&slot_lock, PTHREAD_PROCESS_PRIVATE);
  thrd_t first, second;
  thrd_create(&first, EnqueueAndCount, NULL);
  thrd_join(first, NULL);
  thrd_create(&second, ResetStatsAndQueue, NULL);
  thrd_join(second, NULL);
  mtx_destroy(&queue_lock);
  mtx_destroy(&stats_lock);
  pthread_spin_destroy(&ring_lock);
  pthread_spin_destroy(&slot_lock);
  printf("c11: both threads finished\n");
}
