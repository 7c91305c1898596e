// A test program of another framework (doctest, Catch2): it ignores flags it
// does not know, such as --gtest_list_tests, and runs its whole suite.
#include <cstdio>

int main() {
  std::fprintf(stderr, "other framework: the whole suite ran\n");
  return 0;
}
