// conc_probe_main: GoogleTest's main with the leak listener installed, and a
// check after the whole suite (goleak's VerifyTestMain).
#include "conc/probe/gtest.h"

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  conc::probe::InstallLeakListener();
  return conc::probe::VerifyTestMain(RUN_ALL_TESTS());
}
