// RUN: %check_conc_tidy %s conc-manual-lock %t
// Found in libzmq (mailbox.cpp, ctx.cpp): a lock held by hand across an
// assertion whose failure handler is declared analyzer_noreturn (it
// aborts). The project says the path ends there, as clang's analyzer takes
// it: no exception leaves through it, so no exception path holds the lock.
// Through a macro, a template one call deeper, and a member function.
// Silent.
#include <pthread.h>

namespace zmq {
void zmq_abort(const char *errmsg) __attribute__((analyzer_noreturn));
}

#define zmq_assert(x)                                                          \
  do {                                                                         \
    if (!(x))                                                                  \
      zmq::zmq_abort(#x);                                                      \
  } while (false)

template <typename T> struct pipe_t {
  T *slots = nullptr;
  int size = 0;
  void write(const T &value) {
    zmq_assert(slots != nullptr);
    slots[size++] = value;
  }
};

class mailbox_t {
public:
  void send(int command) {
    pthread_mutex_lock(&sync_);
    pipe_.write(command);
    pthread_mutex_unlock(&sync_);
  }
  void drain() {
    pthread_mutex_lock(&sync_);
    zmq_assert(pipe_.size == 0);
    pthread_mutex_unlock(&sync_);
  }

private:
  pthread_mutex_t sync_ = PTHREAD_MUTEX_INITIALIZER;
  pipe_t<int> pipe_;
};
