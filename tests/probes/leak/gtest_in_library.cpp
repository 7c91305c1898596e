// A test program whose GoogleTest lives in a shared library (as with a
// distribution's libgtest.so): the binary itself holds no GoogleTest flag
// name. The library part answers --gtest_list_tests and --gtest_filter the
// way GoogleTest does, for one test.

extern "C" int FakeGoogleTestMain(int argc, char** argv);

int main(int argc, char** argv) { return FakeGoogleTestMain(argc, argv); }
