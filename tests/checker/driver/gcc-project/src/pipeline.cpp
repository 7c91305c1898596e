// The unit with the conc finding; it compiles only when the `-D` and the
// `-include` of its build survive, and it draws clang-only warnings.
#if !defined(GCC_PROJECT_QUEUE_DEPTH) || !defined(GCC_PROJECT_FORCED_INCLUDE)
#error "the build's -D and -include flags must reach the analysis"
#endif
#include <pthread.h>

#include <concepts>
#include <cstddef>

namespace pipeline {

pthread_mutex_t StageMu = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t StageCv = PTHREAD_COND_INITIALIZER;
int Pending[GCC_PROJECT_QUEUE_DEPTH];

class Stage {
public:
  explicit Stage(int Id) : Id(Id) {}
  int id() const { return Id; }

private:
  int Id;
  int Unused = 0; // clang: -Wunused-private-field; GCC has no such warning
};

template <std::integral T> T twice(T Value) { return Value + Value; }

int drain(const Stage &S) {
  int Scale = 3;
  auto Weigh = [S, Scale](int X) { return X * S.id(); }; // clang: unused capture
  pthread_mutex_lock(&StageMu);
  pthread_cond_wait(&StageCv, &StageMu); // conc-cv-wait-predicate
  int Total = twice(Weigh(Pending[0]));
  pthread_mutex_unlock(&StageMu);
  return Total;
}

} // namespace pipeline
