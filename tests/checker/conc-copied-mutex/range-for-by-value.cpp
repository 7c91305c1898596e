// RUN: %check_conc_tidy %s conc-copied-mutex %t
// A by-value range-for variable copies each element, lock included; a
// reference does not.
#include <pthread.h>
#include <vector>

struct Shard {
  pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
  int size = 0;
};

int total(std::vector<Shard> &shards) {
  int sum = 0;
  for (Shard shard : shards) {
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: range-for variable 'shard' copies 'Shard', which holds the lock 'lock' ('pthread_rwlock_t')
    pthread_rwlock_rdlock(&shard.lock);
    sum += shard.size;
    pthread_rwlock_unlock(&shard.lock);
  }
  for (Shard &shard : shards) {
    pthread_rwlock_rdlock(&shard.lock);
    sum += shard.size;
    pthread_rwlock_unlock(&shard.lock);
  }
  for (const auto &shard : shards)
    sum += shard.size;
  return sum;
}
