// RUN: %check_conc_tidy %s conc-manual-lock %t
// The shape of leveldb's DBImpl::MakeRoomForWrite: called with the lock
// held, it unlocks and relocks inside a loop, on some iterations only, and
// returns holding it on every path. Silent (it was a false positive).
#include <mutex>

class Writer {
public:
  // Requires mu_ held.
  int make_room(bool force) {
    int s = 0;
    bool allow_delay = !force;
    while (true) {
      if (error_) {
        s = -1;
        break;
      } else if (allow_delay && files_ > 8) {
        mu_.unlock();
        sleep_a_little();
        allow_delay = false;
        mu_.lock();
      } else if (!force && used_ < limit_) {
        break;
      } else {
        mu_.unlock();
        compact();
        mu_.lock();
        force = false;
      }
    }
    return s;
  }

private:
  void sleep_a_little();
  void compact();
  std::mutex mu_;
  bool error_ = false;
  int files_ = 0, used_ = 0, limit_ = 10;
};
