// RUN: %check_conc_tidy %s conc-copied-mutex %t
// C++: a struct of C locks copied by its implicit copy assignment and copy
// constructor, its lock initialised anew right after; and in a member
// function of another class. Silent.
#include <pthread.h>

struct Stats {
  long hits = 0;
  pthread_mutex_t mu;
};

Stats *Snapshot(const Stats &live, Stats *out) {
  *out = live;
  pthread_mutex_init(&out->mu, nullptr);
  return out;
}

long Hits(const Stats &live) {
  Stats copy = live;
  pthread_mutex_init(&copy.mu, nullptr);
  long hits = copy.hits;
  pthread_mutex_destroy(&copy.mu);
  return hits;
}

class Server {
public:
  void Reset(const Stats &from) {
    stats_ = from;
    pthread_mutex_init(&stats_.mu, nullptr);
  }

private:
  Stats stats_;
};
