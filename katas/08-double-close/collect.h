#pragma once
#include <vector>

// Two producer threads send the items of `a` and of `b` on one channel; the
// caller's thread collects everything until the channel is closed, and
// returns the items (in any order).
std::vector<int> collect_both(const std::vector<int>& a, const std::vector<int>& b);
