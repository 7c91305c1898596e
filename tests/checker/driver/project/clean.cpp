#include <pthread.h>

pthread_mutex_t CleanMu = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t CleanCv = PTHREAD_COND_INITIALIZER;
bool CleanReady = false;

void waitProperly() {
  pthread_mutex_lock(&CleanMu);
  while (!CleanReady)
    pthread_cond_wait(&CleanCv, &CleanMu);
  pthread_mutex_unlock(&CleanMu);
}
