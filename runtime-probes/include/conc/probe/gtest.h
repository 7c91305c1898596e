// conc/probe/gtest.h: fail every GoogleTest test that leaks a thread.
//
// LeakListener takes a snapshot when a test starts and checks when it ends,
// before GoogleTest prints the result, so the failure (with the report) goes
// to the test that leaked, not to a later one. Threads that exist around the
// tests (made by static initializers, environments, SetUpTestSuite, other
// listeners) are in the snapshot and are not the test's fault.
//
// Link `conc::probe_main` instead of GTest::gtest_main and there is nothing
// to write. With your own main:
//
//   int main(int argc, char** argv) {
//     testing::InitGoogleTest(&argc, argv);
//     conc::probe::InstallLeakListener();
//     return conc::probe::VerifyTestMain(RUN_ALL_TESTS());
//   }
//
// CONC_PROBE=off turns the checks off; CONC_PROBE=end checks only once, after
// the whole suite (VerifyTestMain). CONC_PROBE_LOCKS=1 adds the LockListener
// (conc/probe/locks.h): lock-order inversions and lock misuse fail the test
// in which they were found. Header-only on purpose: it is compiled
// with your GoogleTest, whatever its version and build flags.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "conc/probe/locks.h"
#include "conc/probe/probe.h"

namespace conc::probe {

// With CONC_PROBE_LOCKS=1: names each test for the lock tracker (every edge
// of the lock-order graph remembers the test it was first seen in) and fails
// the test in which an inversion closed or a lock was misused, with the
// report. The edges of a cycle may come from earlier tests: the report says
// which.
class LockListener : public testing::EmptyTestEventListener {
 public:
  void OnTestStart(const testing::TestInfo& test) override {
    SetCurrentTestName(std::string(test.test_suite_name()) + "." + test.name());
    first_ = LockFindingCount();
  }

  void OnTestEnd(const testing::TestInfo& test) override {
    std::vector<std::string> reports = LockReportsSince(first_);
    SetCurrentTestName("");
    if (reports.empty()) return;
    std::string text;
    for (const std::string& report : reports) text += report;
    ADD_FAILURE() << test.test_suite_name() << "." << test.name() << ": " << reports.size()
                  << " lock report" << (reports.size() == 1 ? "" : "s") << "\n"
                  << text;
  }

 private:
  std::size_t first_ = 0;
};

class LeakListener : public testing::EmptyTestEventListener {
 public:
  explicit LeakListener(std::vector<Option> extra_options = {})
      : options_(OptionsFromEnvironment()) {
    for (Option& option : extra_options) options_.push_back(std::move(option));
  }

  void OnTestStart(const testing::TestInfo&) override { before_ = Snapshot::Take(); }

  void OnTestEnd(const testing::TestInfo& test) override {
    if (!before_) return;
    std::vector<Option> options = options_;
    options.push_back(IgnoreSnapshot(std::move(*before_)));
    before_.reset();
    // A test that was skipped or failed may still leak: check all of them.
    Report report = FindWith(options);
    if (report.empty()) return;
    ADD_FAILURE() << test.test_suite_name() << "." << test.name() << " leaked "
                  << report.threads().size() << " thread"
                  << (report.threads().size() == 1 ? "" : "s") << "\n"
                  << report.ToString();
  }

 private:
  std::vector<Option> options_;
  std::optional<Snapshot> before_;
};

// Appends a LockListener when the lock tracker is on (CONC_PROBE_LOCKS=1),
// and a LeakListener unless CONC_PROBE is "off" or "end". Call after
// testing::InitGoogleTest.
inline void InstallLeakListener(std::vector<Option> extra_options = {}) {
  if (LockTrackingEnabled()) testing::UnitTest::GetInstance()->listeners().Append(new LockListener);
  if (ModeFromEnvironment() != Mode::kEveryTest) return;
  testing::UnitTest::GetInstance()->listeners().Append(new LeakListener(std::move(extra_options)));
}

}  // namespace conc::probe
