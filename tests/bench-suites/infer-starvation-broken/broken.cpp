// A unit clang cannot compile: the scorer must stop with an error, never
// score the suite without it.
#include <mutex>

void broken_bad() {
  std::lock_guard<std::mutex> guard(undeclared_mutex);
}
