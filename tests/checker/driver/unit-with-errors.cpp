// Two functions clang could not build (an undeclared call in each): CI
// mode reports the unit as not compiling and says that the checks skipped
// both, instead of building a CFG on them.
#include <mutex>

std::mutex mu;

void first() {
  mu.lock();
  undeclared_first();
  mu.unlock();
}

void second() {
  std::lock_guard<std::mutex> guard(mu);
  undeclared_second();
}

void fine() {
  std::lock_guard<std::mutex> guard(mu);
}
