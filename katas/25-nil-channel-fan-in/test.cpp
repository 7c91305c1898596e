#include "merge.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

// Nothing here depends on timing: every input is closed by the test, and a
// merge that never returns (or never closes its output) is stopped by the
// kata's time limit. The order of the two inputs' messages relative to each
// other is select's fair choice: only each input's own order is checked.

namespace {
std::vector<std::string> numbered(const std::string& prefix, int count) {
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) out.push_back(prefix + std::to_string(i));
  return out;
}

// Everything received from `output` until it is closed, in order.
std::vector<std::string> drain(conc::Channel<std::string>& output) {
  std::vector<std::string> got;
  for (std::string& s : output) got.push_back(std::move(s));
  return got;
}

// The messages of `got` that start with `prefix`, in order.
std::vector<std::string> only(const std::vector<std::string>& got, const std::string& prefix) {
  std::vector<std::string> kept;
  std::copy_if(got.begin(), got.end(), std::back_inserter(kept),
               [&](const std::string& s) { return s.rfind(prefix, 0) == 0; });
  return kept;
}

void send_all_and_close(conc::Channel<std::string>& ch, const std::vector<std::string>& msgs) {
  for (const std::string& m : msgs) ch.send(m);
  ch.close();
}
}  // namespace

TEST(MergeTwo, ForwardsBothInputsThenClosesTheOutput) {
  conc::Channel<std::string> a(16), b(16), output(64);
  send_all_and_close(a, numbered("a", 10));
  send_all_and_close(b, numbered("b", 7));
  merge_two(a, b, output);  // both inputs end: it must return...
  EXPECT_TRUE(output.is_closed()) << "...and close its output";
  const std::vector<std::string> got = drain(output);
  EXPECT_EQ(got.size(), 17u);
  EXPECT_EQ(only(got, "a"), numbered("a", 10));
  EXPECT_EQ(only(got, "b"), numbered("b", 7));
}

TEST(MergeTwo, AnEmptyInputDoesNotEndTheMerge) {
  conc::Channel<std::string> a(16), b(16), output(64);
  a.close();  // nothing on this one, ever
  send_all_and_close(b, numbered("b", 5));
  merge_two(a, b, output);
  EXPECT_EQ(drain(output), numbered("b", 5));
}

TEST(MergeTwo, BothInputsClosedBeforeItStarts) {
  conc::Channel<std::string> a, b, output(1);
  a.close();
  b.close();
  merge_two(a, b, output);
  EXPECT_TRUE(drain(output).empty());
}

// The realistic shape: two producers and a consumer on threads of their
// own, nothing buffered, the merge in the background.
TEST(MergeTwo, LiveProducersAndConsumer) {
  conc::Channel<std::string> a, b, output;
  std::vector<std::string> got;
  {
    std::jthread merger([&] { merge_two(a, b, output); });
    std::jthread producer_a([&] { send_all_and_close(a, numbered("a", 50)); });
    std::jthread producer_b([&] { send_all_and_close(b, numbered("b", 50)); });
    got = drain(output);  // returns once the merge has closed its output
  }
  EXPECT_EQ(only(got, "a"), numbered("a", 50));
  EXPECT_EQ(only(got, "b"), numbered("b", 50));
}
