/* A program whose only other thread is glibc's: a SIGEV_THREAD timer makes
 * the C library start its helper thread (from inside libc, not through the
 * program's pthread_create), which lives until the process ends. The timer
 * has fired (a semaphore says so) before the program exits. */
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>

static sem_t fired;

static void Tick(union sigval value) {
  (void)value;
  sem_post(&fired);
}

int main(void) {
  sem_init(&fired, 0, 0);
  struct sigevent event = {0};
  event.sigev_notify = SIGEV_THREAD;
  event.sigev_notify_function = Tick;
  timer_t timer;
  if (timer_create(CLOCK_MONOTONIC, &event, &timer) != 0) {
    perror("timer_helper_target: timer_create");
    return 2;
  }
  struct itimerspec when = {{0, 0}, {0, 1000000}};
  if (timer_settime(timer, 0, &when, NULL) != 0) {
    perror("timer_helper_target: timer_settime");
    return 2;
  }
  while (sem_wait(&fired) != 0) {
  }
  timer_delete(timer);
  printf("timer_helper_target: the timer fired\n");
  return 0;
}
