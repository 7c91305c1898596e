// The shared-library half of gtest_in_library.cpp.
#include <cstdio>
#include <cstring>

extern "C" int FakeGoogleTestMain(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--gtest_list_tests") == 0) {
      std::printf("InLibrary.\n  RunsAlone\n");
      return 0;
    }
  }
  std::printf("[  PASSED  ] 1 test.\n");
  return 0;
}
