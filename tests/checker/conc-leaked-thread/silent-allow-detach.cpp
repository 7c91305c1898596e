// RUN: %check_conc_tidy %s conc-leaked-thread %t -- \
// RUN:   -config="{CheckOptions: {conc-leaked-thread.AllowDetach: true}}"
// AllowDetach turns the detach part off (for code bases that detach on
// purpose); endless bodies and static starts are still checked elsewhere.
#include <pthread.h>
#include <thread>

void work() noexcept;
void *run(void *);

void detached() {
  std::thread(work).detach();
  pthread_t tid;
  pthread_create(&tid, nullptr, run, nullptr);
  pthread_detach(tid);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
}
