// RUN: %check_conc_tidy %s conc-lock-order %t
// Found on rocksdb (memory/concurrent_arena.h, AllocateImpl): a guard's
// try_lock() as the last operand of an if's `||`/`&&` condition. The branch
// that returns holds the arena lock; the fall-through path got there because
// the try-lock failed (or never ran), so the shard lock taken after it is
// not nested in the arena lock. Silent; a real nesting is still reported.
#include <cstddef>
#include <mutex>

struct Shard {
  std::mutex mutex;
  std::size_t free = 0;
};

class Arena {
public:
  std::size_t allocate(std::size_t bytes, bool force) {
    std::unique_lock<std::mutex> arena_lock(arena_mutex_, std::defer_lock);
    if (bytes > 4096 || force || (shard_.free == 0 && arena_lock.try_lock())) {
      if (!arena_lock.owns_lock())
        arena_lock.lock();
      return bytes;
    }
    std::lock_guard<std::mutex> lock(shard_.mutex);
    if (shard_.free < bytes) {
      std::lock_guard<std::mutex> reload(arena_mutex_);
      shard_.free += 4096;
    }
    shard_.free -= bytes;
    return bytes;
  }

private:
  std::mutex arena_mutex_;
  Shard shard_;
};
